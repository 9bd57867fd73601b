import type { QueryRunner } from "../../analyse/analysis.js";
import type { Filters } from "../../analyse/analysis.js";
import { featureColumns, type CustomerFeatures } from "../features.js";

/**
 * Customers at a cutoff date, as columns: the shared customer features
 * (src/model/features.ts) turned into typed arrays, so a million customers
 * cost a few dozen megabytes and score in one pass. Every snapshot comes from
 * dim_customers in customer-id order, so snapshots at different cutoffs line
 * up row by row.
 */
export interface Snapshot {
  /** The cutoff: orders up to and including this day count. */
  asOf: string;
  /** Length of the recent window in days (the prediction horizon). */
  recentDays: number;
  ids: Float64Array;
  orders: Float64Array;
  sales: Float64Array;
  /** NaN where the customer had not ordered yet. */
  recency: Float64Array;
  tenure: Float64Array;
  orderValue: Float64Array;
  /** Sales in (asOf - recentDays, asOf]: the outcome when this snapshot closes a window. */
  recent: Float64Array;
  /** Sales in the `recentDays` before that. */
  prior: Float64Array;
  /** Names and countries, kept only when asked (for the list of top customers). */
  names?: string[];
  countries?: (string | null)[];
}

/** Reads the customer features at `asOf` (one SQL query, by column) into a snapshot. */
export async function loadSnapshot(
  sql: QueryRunner,
  asOf: string,
  recentDays: number,
  options: { filters?: Filters; names?: boolean } = {},
): Promise<Snapshot> {
  // By column from SQL straight into the snapshot: no object per customer.
  const c = await featureColumns(sql, {
    asOf,
    recentDays,
    country: options.filters?.country,
    category: options.filters?.category,
    categoryShares: false,
    names: options.names ?? false,
  });
  const s: Snapshot = {
    asOf,
    recentDays,
    ids: c.ids,
    orders: c.orders,
    sales: c.sales,
    recency: c.recency,
    tenure: c.tenure,
    orderValue: c.orderValue,
    recent: c.recent,
    prior: c.prior,
  };
  if (c.names) {
    s.names = c.names;
    s.countries = c.countries;
  }
  return s;
}

/** The same snapshot from features as rows (tests and small data). */
export function toSnapshot(
  rows: readonly CustomerFeatures[],
  asOf: string,
  recentDays: number,
  names = false,
): Snapshot {
  const n = rows.length;
  const column = () => new Float64Array(n);
  const s: Snapshot = {
    asOf,
    recentDays,
    ids: column(),
    orders: column(),
    sales: column(),
    recency: column(),
    tenure: column(),
    orderValue: column(),
    recent: column(),
    prior: column(),
  };
  rows.forEach((r, i) => {
    s.ids[i] = r.customer_id;
    s.orders[i] = r.orders;
    s.sales[i] = r.sales;
    s.recency[i] = r.recency_days ?? NaN;
    s.tenure[i] = r.tenure_days ?? NaN;
    s.orderValue[i] = r.avg_order_value ?? NaN;
    s.recent[i] = r.sales_recent;
    s.prior[i] = r.sales_prior;
  });
  if (names) {
    s.names = rows.map((r) => r.customer_name);
    s.countries = rows.map((r) => r.country);
  }
  return s;
}

/** Checks that two snapshots hold the same customers in the same order (they must, coming from dim_customers). */
export function checkAligned(a: Snapshot, b: Snapshot): void {
  if (a.ids.length !== b.ids.length) {
    throw new Error(
      `Customer features at ${a.asOf} and ${b.asOf} have ${a.ids.length} and ${b.ids.length} customers; expected the same customers at every cutoff`,
    );
  }
  for (let i = 0; i < a.ids.length; i++) {
    if (a.ids[i] !== b.ids[i])
      throw new Error(
        `Customer features at ${a.asOf} and ${b.asOf} differ at row ${i} (customer ${a.ids[i]} vs ${b.ids[i]}); expected customer-id order`,
      );
  }
}

/**
 * The model's inputs, in this order. The first five are the recency,
 * frequency, monetary value, tenure and trend; days, counts and money on a
 * log scale (they are skewed: one big customer must not dominate the fit).
 */
export const FEATURES = [
  { name: "recency", definition: "ln(1 + days since the last order)" },
  { name: "frequency", definition: "ln(1 + orders so far)" },
  { name: "monetary", definition: "ln(1 + average order value)" },
  { name: "tenure", definition: "ln(1 + days since the first order)" },
  {
    name: "trend",
    definition:
      "(sales in the last window - sales in the window before) / their sum: +1 all recent, -1 all before, 0 flat or neither",
  },
  {
    name: "no_history",
    definition: "1 when the customer has not ordered yet (the other features then sit at their average)",
  },
] as const;

export const FEATURE_COUNT = FEATURES.length;

/** Mean and standard deviation per feature, from the training customers who have ordered. */
export interface Scaling {
  mean: number[];
  sd: number[];
}

/**
 * Every customer's raw (log-scale) feature values, row-major: NaN for
 * customers without history, but the flag. Computed once per snapshot the
 * model is trained on, for the scaling and the design both (each customer's
 * four logarithms were taken twice: 0.1 s a fit at half a million customers).
 */
function rawMatrix(s: Snapshot): Float64Array {
  const d = FEATURE_COUNT;
  const n = s.ids.length;
  const raw = new Float64Array(n * d);
  for (let i = 0, o = 0; i < n; i++, o += d) {
    const has = s.orders[i] > 0;
    raw[o] = has ? Math.log1p(s.recency[i]) : NaN;
    raw[o + 1] = has ? Math.log1p(s.orders[i]) : NaN;
    raw[o + 2] = has ? Math.log1p(s.orderValue[i]) : NaN;
    raw[o + 3] = has ? Math.log1p(s.tenure[i]) : NaN;
    raw[o + 4] = has ? trend(s.recent[i], s.prior[i]) : NaN;
    raw[o + 5] = has ? 0 : 1;
  }
  return raw;
}

/** Mean and standard deviation per feature, over the customers who have ordered (`raw` is rawMatrix(s)). */
function scalingOf(s: Snapshot, raw: Float64Array): Scaling {
  const d = FEATURE_COUNT;
  const sum = new Float64Array(d);
  const sumSq = new Float64Array(d);
  let n = 0;
  for (let i = 0, o = 0; i < s.ids.length; i++, o += d) {
    if (!(s.orders[i] > 0)) continue;
    n++;
    for (let j = 0; j < d - 1; j++) {
      sum[j] += raw[o + j];
      sumSq[j] += raw[o + j] * raw[o + j];
    }
  }
  const mean = Array.from(sum, (x, j) => (j === d - 1 || n === 0 ? 0 : x / n));
  const sd = Array.from(sumSq, (x, j) => {
    if (j === d - 1 || n === 0) return 1;
    const variance = x / n - mean[j] ** 2;
    // A feature that does not vary (tiny data) is kept but not scaled.
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, sd };
}

/** z-scores `raw` in place: customers without history get 0 (the average) and keep the flag. */
function zScored(raw: Float64Array, scaling: Scaling): Float64Array {
  const d = FEATURE_COUNT;
  for (let o = 0; o < raw.length; o += d)
    for (let j = 0; j < d - 1; j++)
      raw[o + j] = Number.isNaN(raw[o + j]) ? 0 : (raw[o + j] - scaling.mean[j]) / scaling.sd[j];
  return raw;
}

/** The scaling fitted on a training snapshot, and its design matrix (designMatrix with that scaling). */
export function trainingDesign(s: Snapshot): { scaling: Scaling; x: Float64Array } {
  const raw = rawMatrix(s);
  const scaling = scalingOf(s, raw);
  return { scaling, x: zScored(raw, scaling) };
}

/** Row-major customers x features, z-scored; customers without history get 0 (the average) and the flag. */
export function designMatrix(s: Snapshot, scaling: Scaling): Float64Array {
  return zScored(rawMatrix(s), scaling);
}

function trend(recent: number, prior: number): number {
  return recent + prior > 0 ? (recent - prior) / (recent + prior) : 0;
}
