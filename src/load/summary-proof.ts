import type { Database } from "../db/adapter.js";
import type { ForeignKey, SourceTable } from "./schema.js";

/**
 * Foreign keys the order_sales summary proves in passing. It sums every order
 * line that joins its product and its order (inner joins, see
 * sql/warehouse/order_sales.sql), so once the keys of products and orders are
 * known to be unique, its lines add up to the order lines exactly when every
 * line's OrderID and ProductID exist. The load therefore skips those two
 * anti-joins of every order line against the orders (the costliest checks at
 * ten million lines) and compares two counts inside the swap instead; when
 * they differ, the swap is rolled back and the two checks run as before, to
 * name the lines.
 */

const PROVEN_BY_SUMMARY = { table: "order_details", columns: ["order_id", "product_id"] } as const;

export function provenBySummary(t: SourceTable, fk: ForeignKey): boolean {
  return t.name === PROVEN_BY_SUMMARY.table && (PROVEN_BY_SUMMARY.columns as readonly string[]).includes(fk.column);
}

/** Order lines the summary left out (0 when every reference holds), on the swapped-in tables. */
export async function unsummedLines(tx: Database): Promise<number> {
  const [{ n }] = await tx.query<{ n: number }>(
    `SELECT (SELECT COUNT(*) FROM order_details) - (SELECT COALESCE(SUM(lines), 0) FROM order_sales) AS n`,
  );
  return Number(n);
}

/** The summary left lines out: some line refers to a missing order or product. */
export class UnsummedLines extends Error {
  constructor(readonly lines: number) {
    super(
      `order_sales sums ${lines} order line${lines === 1 ? "" : "s"} fewer than OrderDetails.csv holds, yet no missing order or product was found`,
    );
    this.name = "UnsummedLines";
  }
}
