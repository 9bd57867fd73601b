import type { Database } from "../db/adapter.js";
import { COLUMN_SPANS, sqlFile } from "../db/sql.js";

/**
 * order_sales (sql/warehouse/order_sales.sql), built in the load's swap. Its
 * GROUP BY of every order line by order slows down faster than the lines
 * grow: at a hundred million lines (38.5 million orders) the one statement
 * took 13.4-14.3 s and peaked at 3.5 GB, a quarter of the load. DuckDB keeps
 * each column's smallest and largest value per row group, so where the lines
 * and the orders lie in order-id order (as an export by key writes them) a
 * range of order ids reads only its own rows, and its hash table stays small:
 * in ranges of about 400,000 orders the same table took 8.3 s and 1.1 GB (ten
 * million lines: 0.88-0.92 s against 1.02-1.06 s). Lines or orders in any
 * other order would be read once per range, so they are summed in one
 * statement, as on the servers. The ranges split order ids, never an order,
 * so the rows are the same either way.
 */

/** Orders per range, the size measured best: at 100M ranges of 96,000 took 15.5 s (4.8 GB), of 3.85 million 11.6 s. */
const ORDERS_PER_RANGE = 400_000;

/** Builds order_sales; returns the number of statements it took (1 unless built in ranges). */
export async function buildOrderSales(db: Database, ordersPerRange = ORDERS_PER_RANGE): Promise<number> {
  const ranges = await orderRanges(db, ordersPerRange);
  if (ranges.length <= 1) {
    await db.exec(sqlFile("warehouse/order_sales", db.dialect));
    return 1;
  }
  for (const [k, range] of ranges.entries())
    await db.exec(sqlFile("warehouse/order_sales", db.dialect, { range, append: k > 0 }));
  return ranges.length;
}

/** Ranges [from, to) of order ids covering every order, or [] when one statement serves better. */
async function orderRanges(db: Database, ordersPerRange: number): Promise<{ from: number; to: number }[]> {
  const spans = COLUMN_SPANS[db.dialect];
  if (!spans) return [];
  const [extent] = await db.query<{ orders: number; first: number | null; last: number | null }>(
    "SELECT COUNT(*) AS orders, MIN(order_id) AS first, MAX(order_id) AS last FROM orders",
  );
  const count = Math.ceil(Number(extent.orders) / ordersPerRange);
  if (count <= 1 || extent.first === null || extent.last === null) return [];
  const first = Number(extent.first);
  const end = Number(extent.last) + 1;
  // Ranges of ids a double cannot hold exactly could miss or repeat an order.
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(end)) return [];
  // Each range reads the orders too: both tables must lie in order-id order.
  for (const table of ["order_details", "orders"]) {
    if (!inKeyOrder(await db.query<Span>(spans(table, "order_id")))) return [];
  }
  const width = Math.ceil((end - first) / count);
  return Array.from({ length: Math.ceil((end - first) / width) }, (_, k) => ({
    from: first + k * width,
    to: Math.min(end, first + (k + 1) * width),
  }));
}

/** A stored segment's (in a file, a row group's) smallest and largest value of a column, or null (COLUMN_SPANS). */
export type Span = { low: number | null; high: number | null };

/**
 * Whether row groups hold a column's values in order: in order their spans
 * add up to about the whole span (each group covers its own slice), in any
 * other order to a multiple of it. A span unknown or empty counts as out of
 * order.
 */
export function inKeyOrder(spans: readonly Span[]): boolean {
  let low = Infinity;
  let high = -Infinity;
  let covered = 0;
  for (const { low: min, high: max } of spans) {
    // No span, or an empty one (a segment of nulls reads as Min: 2147483647, Max: -2147483648).
    if (min === null || max === null || min > max) return false;
    covered += max - min + 1;
    low = Math.min(low, min);
    high = Math.max(high, max);
  }
  return spans.length > 0 && covered <= 2 * (high - low + 1);
}
