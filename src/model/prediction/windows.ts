import type { Filters, QueryRunner } from "../../analyse/analysis.js";
import { numbers } from "../../db/columns.js";
import { addDays } from "../../dates.js";
import type { Snapshot } from "./dataset.js";

/**
 * The backtest's snapshots at `asOf`, `asOf - h`, … (`count` of them, h the
 * window length), from one read: every customer's orders summed per h-day
 * window counted back from `asOf` (sql/models/customer_windows.sql). A
 * snapshot at `asOf - k·h` is then the windows k and older: its orders, sales,
 * first and last order; its recent sales are window k's, its prior sales
 * window k + 1's. That is one pass over the orders where a read of
 * customer_features.sql at each date took one pass per date (four of them at
 * ten million order lines: 1.3 s of a run).
 *
 * The numbers are the ones that read gives, to the bit: sales are added up in
 * whole cents, exactly, and divided by 100 once, as SQL turns its exact sum
 * into a double; days are whole numbers. A test holds each snapshot to a read
 * of customer_features.sql at its date.
 *
 * `customers` are the snapshots' customers, in customer-id order (the latest
 * snapshot's, read with the same filters): every snapshot lists them all,
 * those without an order by its date included.
 */
export async function windowSnapshots(
  sql: QueryRunner,
  customers: Float64Array,
  asOf: string,
  recentDays: number,
  count: number,
  filters: Filters = {},
): Promise<Snapshot[]> {
  if (!Number.isInteger(count) || count < 1)
    throw new RangeError(`windowSnapshots: count must be a whole number >= 1, got ${String(count)}`);
  if (!Number.isInteger(recentDays) || recentDays < 1)
    throw new RangeError(`windowSnapshots: recentDays must be a whole number of days >= 1, got ${String(recentDays)}`);
  const h = recentDays;
  // The oldest snapshot needs its own window (count - 1) and the one before (count); older orders only add up.
  const last = count + 1;
  const result = await sql.columns(
    "models/customer_windows",
    {
      as_of: asOf,
      window_days: h,
      last_window: last,
      oldest: addDays(asOf, -last * h),
      ...(filters.country !== undefined ? { country: filters.country } : {}),
      ...(filters.category !== undefined ? { category: filters.category } : {}),
    },
    { country: filters.country !== undefined, category: filters.category !== undefined },
  );
  const ids = numbers(result, "customer_id");
  const window = numbers(result, "window_index");
  const orders = numbers(result, "orders");
  const sales = numbers(result, "sales");
  const firstDays = numbers(result, "first_days");
  const lastDays = numbers(result, "last_days");

  // Each snapshot's own arrays gather its sums first (sales in cents, first and last order in days before
  // asOf), then turn into its features in place: no array beyond the snapshots' own.
  const n = customers.length;
  const snapshots = Array.from({ length: count }, (_, k): Snapshot => ({
    asOf: addDays(asOf, -k * h),
    recentDays: h,
    // Its own copy, as a read's: the backtest hands some snapshots' arrays over to a worker thread.
    ids: customers.slice(),
    orders: new Float64Array(n),
    sales: new Float64Array(n),
    // The last and the first order, in days before asOf, until the end.
    recency: new Float64Array(n).fill(Infinity),
    tenure: new Float64Array(n).fill(-Infinity),
    orderValue: new Float64Array(n),
    recent: new Float64Array(n),
    prior: new Float64Array(n),
  }));
  // Both in customer-id order: one walk down the two lists, each snapshot's arrays filled front to back.
  for (let r = 0, i = 0; r < ids.length; r++) {
    while (i < n && customers[i] < ids[r]) i++;
    if (i === n || customers[i] !== ids[r])
      throw new Error(`windowSnapshots: customer ${ids[r]} has orders but is not among the customers given`);
    const w = window[r];
    const cents = Math.round(sales[r] * 100);
    // Window w counts in every snapshot at or after its end: k = 0..w (the oldest snapshot is count - 1).
    for (let k = Math.min(w, count - 1); k >= 0; k--) {
      const s = snapshots[k];
      s.orders[i] += orders[r];
      s.sales[i] += cents;
      if (firstDays[r] > s.tenure[i]) s.tenure[i] = firstDays[r];
      if (lastDays[r] < s.recency[i]) s.recency[i] = lastDays[r];
    }
    if (w < count) snapshots[w].recent[i] += cents;
    if (w >= 1 && w <= count) snapshots[w - 1].prior[i] += cents;
  }
  for (let k = 0; k < count; k++) {
    const s = snapshots[k];
    const back = k * h;
    for (let i = 0; i < n; i++) {
      // As SQL: the exact sum as a double (cents / 100); the order value is that double over the orders.
      s.sales[i] /= 100;
      s.recent[i] /= 100;
      s.prior[i] /= 100;
      const bought = s.orders[i] > 0;
      s.recency[i] = bought ? s.recency[i] - back : NaN;
      s.tenure[i] = bought ? s.tenure[i] - back : NaN;
      s.orderValue[i] = bought ? s.sales[i] / s.orders[i] : NaN;
    }
  }
  // Oldest first, as the backtest takes them.
  return snapshots.reverse();
}
