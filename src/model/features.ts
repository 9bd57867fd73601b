import type { QueryRecord, QueryRunner } from "../analyse/analysis.js";
import type { Dialect } from "../db/adapter.js";
import { column, numbers } from "../db/columns.js";
import { addDays, isCalendarDate } from "../dates.js";

/**
 * Customer features at a reference date: the one definition of recency,
 * frequency, monetary value and the rest that segmentation and prediction
 * share. Everything is computed in SQL (`sql/models/customer_features.sql`),
 * one query per call, one row per customer, read by column
 * (`featureColumns`): segmentation and prediction work on those typed arrays,
 * so a million customers are never a million objects. `customerFeatures`
 * gives the same as one object per customer, for small data and callers that
 * want rows.
 */

export interface CustomerFeatures {
  customer_id: number;
  customer_name: string;
  country: string | null;
  /** Orders placed in the window. */
  orders: number;
  /** Sales in the window, quantity x list price. */
  sales: number;
  units: number;
  first_order: string | null;
  last_order: string | null;
  /** Days from the last order to the reference date; null without orders. */
  recency_days: number | null;
  /** Days from the first order to the reference date; null without orders. */
  tenure_days: number | null;
  avg_order_value: number | null;
  /** Sales in (asOf - recentDays, asOf]. */
  sales_recent: number;
  /** Sales in the `recentDays` just before that. */
  sales_prior: number;
  /** Category name → share of the customer's sales, 0..1; every category present, all 0 without orders. */
  category_share: Record<string, number>;
}

/**
 * The same features by column, in customer-id order: `ids[i]`, `orders[i]`…
 * are customer i's. A feature that is null in `CustomerFeatures` (no order
 * yet) is NaN here.
 */
export interface FeatureColumns {
  asOf: string;
  /** Length of the recent window of `recent` and `prior`. */
  recentDays: number;
  ids: Float64Array;
  /** Names and countries: only when asked for (`names: true`). */
  names?: string[];
  countries?: (string | null)[];
  orders: Float64Array;
  sales: Float64Array;
  units: Float64Array;
  recency: Float64Array;
  tenure: Float64Array;
  orderValue: Float64Array;
  recent: Float64Array;
  prior: Float64Array;
  /** Category names, in id order, and each one's share of every customer's sales (0 without orders). */
  categories: string[];
  shares: Float64Array[];
}

export interface FeatureOptions {
  /** Reference date, ISO, the last day included. */
  asOf: string;
  /** First day included, ISO; default: all history. */
  from?: string;
  /** Length of the recent window for `sales_recent` / `sales_prior`; default 90. */
  recentDays?: number;
  /** Only customers of this country (dim_customers.country). */
  country?: string;
  /** Only sales of this category (by name); customers without any keep zeros. */
  category?: string;
  /**
   * Pivot category shares; default true. Prediction passes false: it does not
   * use them, and skipping the pivot more than halves the query on a million
   * customers (category_share is then {}).
   */
  categoryShares?: boolean;
  /** Read names and countries too (`featureColumns`; `customerFeatures` always does). Default false. */
  names?: boolean;
}

/** Definitions in words, for the saved models and the report. */
export const FEATURE_DEFINITIONS: Record<string, string> = {
  recency_days: "days from the customer's last order to the reference date (null: never ordered)",
  orders: "number of orders placed up to the reference date (frequency)",
  sales: "sales up to the reference date, quantity x list price (monetary value)",
  units: "units bought up to the reference date",
  tenure_days: "days from the customer's first order to the reference date",
  avg_order_value: "sales / orders",
  sales_recent: "sales in the last `recentDays` days up to the reference date",
  sales_prior: "sales in the `recentDays` days before the recent window",
  category_share: "share of the customer's sales in each product category, 0..1",
  country: "the customer's country (dim_customers.country)",
};

export interface Category {
  category_id: number;
  category_name: string;
}

class FeatureError extends Error {
  override name = "FeatureError";
}

/** The product categories, in id order: a tiny query whose result shapes the pivot. */
export async function categoryList(sql: QueryRunner): Promise<Category[]> {
  const rows = await sql.run<{ category_id: number; category_name: string }>("models/categories");
  return rows.map((r) => ({ category_id: Number(r.category_id), category_name: String(r.category_name) }));
}

export async function customerFeatures(sql: QueryRunner, options: FeatureOptions): Promise<CustomerFeatures[]> {
  const { columns: c, firstOrder, lastOrder } = await readFeatures(sql, { ...options, names: true }, true);
  const orNull = (x: number) => (Number.isNaN(x) ? null : x);
  return Array.from(c.ids, (id, i) => {
    const category_share: Record<string, number> = {};
    c.categories.forEach((name, k) => (category_share[name] = c.shares[k][i]));
    return {
      customer_id: id,
      customer_name: c.names![i],
      country: c.countries![i],
      orders: c.orders[i],
      sales: c.sales[i],
      units: c.units[i],
      first_order: firstOrder[i],
      last_order: lastOrder[i],
      recency_days: orNull(c.recency[i]),
      tenure_days: orNull(c.tenure[i]),
      avg_order_value: orNull(c.orderValue[i]),
      sales_recent: c.recent[i],
      sales_prior: c.prior[i],
      category_share,
    };
  });
}

/** The features by column: one query, no object per customer (or none, when the run already read them). */
export async function featureColumns(sql: QueryRunner, options: FeatureOptions): Promise<FeatureColumns> {
  const shared = sharedReads.get(sql);
  const key = readKey(options);
  const narrow = options.categoryShares === false && options.names !== true;
  if (shared && narrow) {
    const at = shared.findIndex((s) => s.key === key);
    // Taken once; a kept read that failed is read again here.
    const kept = at >= 0 ? await shared.splice(at, 1)[0].read.catch(() => undefined) : undefined;
    if (kept) {
      sql.reuse(kept.record);
      return copied(kept.columns);
    }
  }
  const read = readFeatures(sql, options, false);
  if (shared && !narrow) {
    // Only the numbers are held, not the names and shares.
    const kept = read.then(({ columns, record }) => ({
      columns: { ...columns, names: undefined, countries: undefined, categories: [], shares: [] },
      record,
    }));
    kept.catch(() => undefined);
    shared.push({ key, read: kept });
  }
  return (await read).columns;
}

/** A kept read's numbers in arrays of their own: a worker may be handed them while the first reader reads its own. */
function copied(c: FeatureColumns): FeatureColumns {
  return {
    ...c,
    ids: c.ids.slice(),
    orders: c.orders.slice(),
    sales: c.sales.slice(),
    units: c.units.slice(),
    recency: c.recency.slice(),
    tenure: c.tenure.slice(),
    orderValue: c.orderValue.slice(),
    recent: c.recent.slice(),
    prior: c.prior.slice(),
  };
}

/**
 * Within a run, a wide read of the features (with category shares or names:
 * segmentation's, at the period's last day) is kept for one later narrow
 * read of the same customers at the same date: prediction's latest snapshot,
 * at the last day with orders, when that is the period's last day (every day
 * has orders in a large business). The same numbers, one query fewer (0.4 s
 * at ten million order lines). Only a run keeps them, from
 * `shareFeatureReads` to `releaseFeatureReads`; a notebook's reads are never
 * held.
 */
interface SharedRead {
  key: string;
  read: Promise<{ columns: FeatureColumns; record: QueryRecord }>;
}

const sharedReads = new WeakMap<QueryRunner, SharedRead[]>();

/** From now on, `sql`'s run keeps its wide reads of features for one narrower read each. */
export function shareFeatureReads(sql: QueryRunner): void {
  sharedReads.set(sql, []);
}

/** Lets go of the reads kept and keeps no more. */
export function releaseFeatureReads(sql: QueryRunner): void {
  sharedReads.delete(sql);
}

/** What makes two reads the same customers and numbers: everything but names and category shares. */
function readKey(o: FeatureOptions): string {
  return JSON.stringify([o.asOf, o.from ?? null, o.recentDays ?? 90, o.country ?? null, o.category ?? null]);
}

async function readFeatures(
  sql: QueryRunner,
  options: FeatureOptions,
  dates: boolean,
  pack = true,
): Promise<{
  columns: FeatureColumns;
  firstOrder: (string | null)[];
  lastOrder: (string | null)[];
  record: QueryRecord;
}> {
  const asOf = isoDate(options.asOf, "asOf");
  const from = options.from === undefined ? undefined : isoDate(options.from, "from");
  if (from !== undefined && from > asOf)
    throw new FeatureError(`customerFeatures: from (${from}) is after asOf (${asOf})`);
  const recentDays = options.recentDays ?? 90;
  if (!Number.isInteger(recentDays) || recentDays < 1) {
    throw new FeatureError(
      `customerFeatures: recentDays must be a whole number of days >= 1, got ${String(options.recentDays)}`,
    );
  }

  const categories = options.categoryShares === false ? [] : await categoryList(sql);
  // Ids are integers from the database, checked again because they are
  // written into the SQL text as the pivot's column list.
  const pivot = categories.map((c) => {
    if (!Number.isSafeInteger(c.category_id))
      throw new FeatureError(`customerFeatures: category id ${c.category_id} is not an integer`);
    const column = `cat_${c.category_id < 0 ? `m${-c.category_id}` : c.category_id}`;
    return { id: c.category_id, column, qualified: `cat.${column}`, name: c.category_name };
  });

  const params: Record<string, string> = {
    as_of: asOf,
    recent_from: addDays(asOf, 1 - recentDays),
    prior_from: addDays(asOf, 1 - 2 * recentDays),
  };
  if (from !== undefined) params.from = from;
  if (options.country !== undefined) params.country = options.country;
  if (options.category !== undefined) params.category = options.category;

  const names = options.names === true;
  const packed = names && pack && PACKED_NAMES[sql.db.dialect];
  const { result, record } = await sql.recordedColumns("models/customer_features", params, {
    categories: pivot,
    from: from !== undefined,
    country: options.country !== undefined,
    category: options.category !== undefined,
    names: names && !packed,
    countries: names,
    dates,
  });
  const nameList = packed ? await packedNames(sql, params, options.country !== undefined, result.rows) : undefined;
  // A name holding the separator: read again, the names one by one.
  if (packed && !nameList) return readFeatures(sql, options, dates, false);
  const text = (name: string) => column(result, name).map((v) => (v === null ? null : String(v)));
  return {
    columns: {
      asOf,
      recentDays,
      ids: numbers(result, "customer_id"),
      ...(names
        ? { names: nameList ?? column(result, "customer_name").map((v) => String(v)), countries: text("country") }
        : {}),
      orders: numbers(result, "orders"),
      sales: numbers(result, "sales"),
      units: numbers(result, "units"),
      recency: numbers(result, "recency_days"),
      tenure: numbers(result, "tenure_days"),
      orderValue: numbers(result, "avg_order_value"),
      recent: numbers(result, "sales_recent"),
      prior: numbers(result, "sales_prior"),
      categories: pivot.map((c) => c.name),
      shares: pivot.map((c) => numbers(result, c.column, 0)),
    },
    firstOrder: dates ? text("first_order") : [],
    lastOrder: dates ? text("last_order") : [],
    record,
  };
}

/**
 * Where names are read as one text (customer_name_list.sql) and split here:
 * DuckDB's driver makes a string per value slowly (0.6 s for half a million
 * names), the server drivers read rows anyway.
 */
const PACKED_NAMES: Record<Dialect, boolean> = { duckdb: true, postgres: false, tsql: false };

/** The unit separator, which no name should hold (one that does is read one by one). */
const SEPARATOR = "\x1f";

/**
 * Every customer's name, in the features' order, from one text; undefined
 * when some name holds the separator itself (or the counts differ), and the
 * caller reads them one by one.
 */
async function packedNames(
  sql: QueryRunner,
  params: Record<string, string>,
  country: boolean,
  rows: number,
): Promise<string[] | undefined> {
  const [list] = await sql.run<{ customers: number; cut: number; names: string | null }>(
    "models/customer_name_list",
    params,
    { country },
  );
  if (Number(list.cut) > 0 || Number(list.customers) !== rows) return undefined;
  const names = (list.names ?? "").split(SEPARATOR);
  names.pop(); // after the last name's separator
  return names.length === rows ? names : undefined;
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Checks an ISO date (and that it exists on the calendar). */
function isoDate(value: unknown, field: string): string {
  if (typeof value !== "string" || !ISO.test(value) || !isCalendarDate(value)) {
    throw new FeatureError(`${field} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}
