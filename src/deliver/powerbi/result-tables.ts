import type { AnalysisResult, PerCustomer } from "../../analyse/analysis.js";
import type { LocationFigures } from "../../analyses/locations/locations.js";
import type { ProductFigures } from "../../analyses/products/products.js";
import { QUADRANT_LABEL } from "../../analyses/products/quadrant.js";
import { col, type ColumnarRows, type StarTable } from "./star-table.js";

/**
 * The answers management asked for, as tables a BI developer slices by: each
 * customer's loyalty tier, RFM segment, cluster and predicted sales; each
 * product's quadrant; each country's and city's ranking. One computation:
 * they are the run's own results (what figures.json reports, and for the
 * customers the same arrays its counts and totals were made from), never
 * computed again here.
 */

export const RESULT_TABLES: readonly StarTable[] = [
  {
    name: "customer_results",
    kind: "result",
    description:
      "One row per customer the run judged (every customer on file, within a country filter): loyalty tier, RFM segment, cluster and predicted sales, as figures.json counts them. Relates to fact_sales on customer_id.",
    columns: [
      col("customer_id", "integer", "Customer id; the table's key."),
      col(
        "loyalty_tier",
        "text",
        "Loyalty tier in the period (Gold, Silver, Bronze: the customers behind the first 50%, the next 30% and the last 20% of sales); empty without sales in the period.",
        "tier_number",
      ),
      col("tier_number", "integer", "1 Gold, 2 Silver, 3 Bronze: the sort column of loyalty_tier."),
      col("sales_rank", "integer", "Rank by sales in the period (1 = largest; ties broken by customer id)."),
      col("rfm_segment", "text", "RFM marketing segment at the end of the period (Champions, Loyal customers, …)."),
      col("rfm_code", "text", "R, F and M scores as marketers write them, e.g. 545; empty for No purchase yet."),
      col("r_score", "integer", "Recency score 1-5 (5 = most recent)."),
      col("f_score", "integer", "Frequency score 1-5."),
      col("m_score", "integer", "Monetary score 1-5."),
      col("cluster", "integer", "k-means cluster number; empty for customers with no purchase yet."),
      col("cluster_name", "text", "The cluster as figures.json names it, with its description.", "cluster"),
      col(
        "predicted_sales",
        "double",
        "Expected sales in the prediction's horizon (figures.json prediction.horizon_days, 90 by default) after the last day of data, by the model the backtest chose; sums to prediction.expected_total.",
      ),
      col("purchase_probability", "double", "Chance of at least one order in the horizon, 0-1."),
      col("expected_spend", "double", "Expected sales if the customer buys."),
    ],
  },
  {
    name: "product_results",
    kind: "result",
    description:
      "One row per product in the catalogue: its rank, sales, profit and quadrant in the period (invest, maintain, review), as figures.json products reports them; products without sales in the period have no quadrant. Relates to fact_sales on product_id.",
    columns: [
      col("product_id", "integer", "Product id; the table's key."),
      col("sales_rank", "integer", "Rank by sales in the period; empty without sales."),
      col("sales", "decimal", "Sales in the period, in USD."),
      col("share", "double", "Share of the period's sales, 0-1."),
      col("profit", "double", "Gross profit in the period (actual costs where known, else the assumed margin)."),
      col("margin", "double", "Profit over sales, 0-1."),
      col("cost_basis", "text", "actual, estimated or mixed: where the profit comes from."),
      col(
        "quadrant",
        "text",
        "Invest (sales and margin above the lines), Maintain (one of them), Review (neither); the lines are figures.json products.quadrant.sales_threshold and margin_threshold.",
      ),
    ],
  },
  {
    name: "country_results",
    kind: "result",
    description:
      "One row per country with sales in the period: its ranking and the countries to invest in, as figures.json locations reports them. Relates to dim_customer on country.",
    columns: [
      col("country", "text", "Country (the customer's); the table's key."),
      col("country_rank", "integer", "Rank by sales in the period."),
      col("sales", "decimal", "Sales in the period, in USD."),
      col("share", "double", "Share of the period's sales, 0-1."),
      col("cumulative_share", "double", "Share of sales of this and every larger country."),
      col("orders", "integer", "Orders in the period."),
      col("customers", "integer", "Customers who ordered in the period."),
      col("customer_base", "integer", "Customers on file in the country."),
      col("sales_per_customer", "double", "Sales per ordering customer."),
      col("change", "double", "Growth against the previous period; empty when not comparable."),
      col("thin", "boolean", "True when the country has too few orders to trust its figures."),
      col(
        "invest_lever",
        "text",
        "For the countries to invest in: accounts, activation, growth or breadth; else empty.",
      ),
    ],
  },
  {
    name: "city_results",
    kind: "result",
    description:
      "One row per city with sales in the period, ranked, as figures.json locations.cities reports them. Relates to dim_customer on city_key.",
    columns: [
      col("city_key", "text", "City (Country), e.g. Graz (Austria); the table's key."),
      col("city", "text", "City."),
      col("country", "text", "Country."),
      col("city_rank", "integer", "Rank by sales in the period."),
      col("sales", "decimal", "Sales in the period, in USD."),
      col("share", "double", "Share of the period's sales, 0-1."),
      col("orders", "integer", "Orders in the period."),
      col("customers", "integer", "Customers who ordered in the period."),
      col("change", "double", "Growth against the previous period; empty when not comparable."),
    ],
  },
];

type Results = readonly Pick<AnalysisResult, "key" | "figures" | "perCustomer">[];

const figuresOf = <F>(results: Results, key: string): F | undefined =>
  results.find((r) => r.key === key)?.figures as F | undefined;

/**
 * customer_results: the customers any analysis judged, by id, each analysis'
 * columns placed by the customer's id; a customer an analysis did not judge
 * (no sales in the period: no tier) gets empty cells there.
 */
function customerResults(results: Results): ColumnarRows {
  const parts = results.map((r) => r.perCustomer).filter((p): p is PerCustomer => p !== undefined);
  const { ids, rowOf } = customerRows(parts);
  const table = RESULT_TABLES[0];
  // Numbers in typed arrays, NaN for none (written as an empty cell, as null is): half a million customers'
  // predictions as plain arrays would be a heap object each.
  const columns: Record<string, (string | number | null)[] | Float64Array> = {};
  for (const c of table.columns)
    if (c.name !== "customer_id")
      columns[c.name] =
        c.type === "text" ? new Array<string | null>(ids.length).fill(null) : new Float64Array(ids.length).fill(NaN);
  for (const p of parts) {
    const rows = new Int32Array(p.customer_id.length);
    for (let i = 0; i < rows.length; i++) rows[i] = rowOf(p.customer_id[i]);
    for (const [name, values] of Object.entries(p.columns)) {
      const target = columns[name];
      if (!target) continue;
      if (target instanceof Float64Array)
        for (let i = 0; i < rows.length; i++) {
          const v = values[i];
          if (typeof v !== "number" && v !== null)
            throw new TypeError(`customer_results.${name}: expected a number or null, got ${JSON.stringify(v)}`);
          target[rows[i]] = v ?? NaN;
        }
      else for (let i = 0; i < rows.length; i++) target[rows[i]] = values[i];
    }
  }
  return { length: ids.length, columns: { customer_id: ids, ...columns } };
}

/**
 * Every id of the parts once, ascending, and the row of each. Ids are whole
 * numbers in practice, and then one array indexed by id places half a
 * million customers of three analyses in a few milliseconds, where a Set and a
 * Map took a second at 481,250 customers; any other id goes through the Map.
 */
function customerRows(parts: readonly PerCustomer[]): { ids: Float64Array; rowOf: (id: number) => number } {
  let max = -1;
  let count = 0;
  for (const p of parts)
    for (let i = 0; i < p.customer_id.length; i++) {
      const id = p.customer_id[i];
      if (!Number.isInteger(id) || id < 0) max = Infinity;
      else if (id > max) max = id;
      count++;
    }
  if (max < Math.max(1024, 4 * count)) {
    const row = new Int32Array(max + 1).fill(-1);
    for (const p of parts) for (let i = 0; i < p.customer_id.length; i++) row[p.customer_id[i]] = 0;
    let n = 0;
    for (let id = 0; id <= max; id++) if (row[id] === 0) row[id] = n++;
    const ids = new Float64Array(n);
    for (let id = 0; id <= max; id++) if (row[id] >= 0) ids[row[id]] = id;
    return { ids, rowOf: (id) => row[id] };
  }
  const ids = Float64Array.from(new Set(parts.flatMap((p) => Array.from(p.customer_id)))).sort();
  const index = new Map<number, number>();
  ids.forEach((id, i) => index.set(id, i));
  return { ids, rowOf: (id) => index.get(id)! };
}

/** product_results: every product of the catalogue, the run's figures where it sold. */
function productResults(results: Results, catalogue: readonly number[]): ColumnarRows {
  const f = figuresOf<ProductFigures>(results, "products");
  const byId = new Map((f?.ranking ?? []).map((r) => [r.product_id, r]));
  const ids = [...new Set([...catalogue, ...byId.keys()])].sort((a, b) => a - b);
  const pick = <T>(get: (r: ProductFigures["ranking"][number]) => T) =>
    ids.map((id) => {
      const r = byId.get(id);
      return r === undefined ? null : get(r);
    });
  return {
    length: ids.length,
    columns: {
      product_id: ids,
      sales_rank: pick((r) => r.rank),
      sales: pick((r) => r.sales),
      share: pick((r) => r.share),
      profit: pick((r) => r.profit),
      margin: pick((r) => r.margin),
      cost_basis: pick((r) => r.cost_basis),
      quadrant: pick((r) => QUADRANT_LABEL[r.quadrant]),
    },
  };
}

function countryResults(results: Results): ColumnarRows {
  const f = figuresOf<LocationFigures>(results, "locations");
  const rows = f?.ranking ?? [];
  const levers = new Map((f?.invest ?? []).map((p) => [p.country, p.lever]));
  return {
    length: rows.length,
    columns: {
      country: rows.map((r) => r.name),
      country_rank: rows.map((r) => r.rank),
      sales: rows.map((r) => r.sales),
      share: rows.map((r) => r.share),
      cumulative_share: rows.map((r) => r.cumulative_share),
      orders: rows.map((r) => r.orders),
      customers: rows.map((r) => r.customers),
      customer_base: rows.map((r) => r.customer_base),
      sales_per_customer: rows.map((r) => r.sales_per_customer),
      change: rows.map((r) => r.change),
      thin: rows.map((r) => r.thin),
      invest_lever: rows.map((r) => levers.get(r.name) ?? null),
    },
  };
}

function cityResults(results: Results): ColumnarRows {
  const rows = figuresOf<LocationFigures>(results, "locations")?.cities ?? [];
  return {
    length: rows.length,
    columns: {
      city_key: rows.map((r) => r.name),
      city: rows.map((r) => r.city),
      country: rows.map((r) => r.country),
      city_rank: rows.map((r) => r.rank),
      sales: rows.map((r) => r.sales),
      share: rows.map((r) => r.share),
      orders: rows.map((r) => r.orders),
      customers: rows.map((r) => r.customers),
      change: rows.map((r) => r.change),
    },
  };
}

/** Each result table's rows, by name. */
export function resultRows(results: Results, catalogue: readonly number[]): Record<string, ColumnarRows> {
  return {
    customer_results: customerResults(results),
    product_results: productResults(results, catalogue),
    country_results: countryResults(results),
    city_results: cityResults(results),
  };
}
