import type { QueryRunner } from "../analyse/analysis.js";
import type { Row } from "../db/adapter.js";
import { addDays, isCalendarDate } from "../dates.js";

/**
 * Customer features at a reference date: the one definition of recency,
 * frequency, monetary value and the rest that segmentation and prediction
 * share. Everything is computed in SQL (`sql/models/customer_features.sql`),
 * one query per call, one row per customer.
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

export class FeatureError extends Error {
  override name = "FeatureError";
}

/** The product categories, in id order: a tiny query whose result shapes the pivot. */
export async function categoryList(sql: QueryRunner): Promise<Category[]> {
  const rows = await sql.run<{ category_id: number; category_name: string }>("models/categories");
  return rows.map((r) => ({ category_id: Number(r.category_id), category_name: String(r.category_name) }));
}

export async function customerFeatures(sql: QueryRunner, options: FeatureOptions): Promise<CustomerFeatures[]> {
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
    return { id: c.category_id, column, qualified: `ct.${column}`, name: c.category_name };
  });

  const params: Record<string, string> = {
    as_of: asOf,
    recent_from: addDays(asOf, 1 - recentDays),
    prior_from: addDays(asOf, 1 - 2 * recentDays),
  };
  if (from !== undefined) params.from = from;
  if (options.country !== undefined) params.country = options.country;
  if (options.category !== undefined) params.category = options.category;

  const rows = await sql.run<Row>("models/customer_features", params, {
    categories: pivot,
    from: from !== undefined,
    country: options.country !== undefined,
    category: options.category !== undefined,
  });
  return rows.map((r) => {
    const category_share: Record<string, number> = {};
    for (const c of pivot) category_share[c.name] = Number(r[c.column] ?? 0);
    return {
      customer_id: Number(r.customer_id),
      customer_name: String(r.customer_name),
      country: r.country === null ? null : String(r.country),
      orders: Number(r.orders),
      sales: Number(r.sales),
      units: Number(r.units),
      first_order: r.first_order === null ? null : String(r.first_order),
      last_order: r.last_order === null ? null : String(r.last_order),
      recency_days: r.recency_days === null ? null : Number(r.recency_days),
      tenure_days: r.tenure_days === null ? null : Number(r.tenure_days),
      avg_order_value: r.avg_order_value === null ? null : Number(r.avg_order_value),
      sales_recent: Number(r.sales_recent),
      sales_prior: Number(r.sales_prior),
      category_share,
    };
  });
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/** Checks an ISO date (and that it exists on the calendar). */
export function isoDate(value: unknown, field: string): string {
  if (typeof value !== "string" || !ISO.test(value) || !isCalendarDate(value)) {
    throw new FeatureError(`${field} must be an ISO date YYYY-MM-DD, got ${JSON.stringify(value)}`);
  }
  return value;
}
