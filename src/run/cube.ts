import type { AnalysisContext } from "../analyse/analysis.js";
import { num, queryInputs } from "../analyse/params.js";
import { monthsOf } from "../analyse/period.js";
import { runTables } from "../analyse/run-tables.js";

/**
 * The sales cube behind the interactive report: the period's sales and orders
 * by month × country × city × customer, queried once from the run's tables
 * (sql/analyses/sales_cube.sql) while the analyses run. The page filters and
 * sums it in the browser; it computes no figure of its own.
 *
 * Compact by construction, so it can be embedded in report.html at any data
 * size: names are stored once in dictionaries and the cells are columnar
 * arrays of small integers. Only the `top` customers with the most sales are
 * kept by name; the others are summed per city into one entry whose name is
 * null ("other customers"). Amounts are whole cents, so any sum the page
 * makes is exact and equals figures.json to the cent.
 */

export interface SalesCube {
  /** Every month of the period, `YYYY-MM`, ascending (months without sales included). */
  months: string[];
  countries: string[];
  /** `[name, index into countries]`. */
  cities: [string, number][];
  /** `[name, index into cities]`; a null name is the city's other customers, summed. */
  customers: [string | null, number][];
  /** One cell per month and customer entry with sales, as parallel arrays. */
  cells: {
    /** Index into `months`. */
    month: number[];
    /** Index into `customers`. */
    customer: number[];
    /** Sales in cents. */
    cents: number[];
    orders: number[];
  };
  /** Customers kept by name. */
  top: number;
}

/** Customers kept by name in the cube: enough for any drill-down to read as a list, few enough to stay small. */
const CUBE_TOP_CUSTOMERS = 500;

export interface CubeRow {
  [key: string]: string | number | null;
  month: string;
  country: string;
  city: string;
  customer_id: number | string | null;
  customer: string | null;
  sales: number;
  orders: number;
}

/** The cube of the context's period and filters; call it while the run's tables exist. */
export async function salesCube(ctx: AnalysisContext, top = CUBE_TOP_CUSTOMERS): Promise<SalesCube> {
  if (!Number.isInteger(top) || top < 0) throw new RangeError(`top: expected a whole number ≥ 0, got ${top}`);
  const { params, context } = queryInputs(ctx);
  const { run } = await runTables(ctx);
  const rows = await ctx.sql.run<CubeRow>("analyses/sales_cube", { ...params, top }, { ...context, run });
  return buildCube(rows, monthsOf(ctx.period), top);
}

/** Folds the query's rows into the dictionaries and columns. */
export function buildCube(rows: readonly CubeRow[], months: string[], top: number): SalesCube {
  const cube: SalesCube = {
    months,
    countries: [],
    cities: [],
    customers: [],
    cells: { month: [], customer: [], cents: [], orders: [] },
    top,
  };
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const countryIndex = new Map<string, number>();
  const cityIndex = new Map<string, number>();
  const customerIndex = new Map<string, number>();
  const intern = <K>(map: Map<K, number>, key: K, add: () => void): number => {
    let i = map.get(key);
    if (i === undefined) {
      i = map.size;
      map.set(key, i);
      add();
    }
    return i;
  };
  for (const r of rows) {
    const month = monthIndex.get(String(r.month));
    if (month === undefined)
      throw new Error(`sales_cube: month ${String(r.month)} lies outside the period ${months[0]}..${months.at(-1)}`);
    const country = intern(countryIndex, r.country, () => cube.countries.push(r.country));
    const cityKey = `${country}\u0000${r.city}`;
    const city = intern(cityIndex, cityKey, () => cube.cities.push([r.city, country]));
    // Keyed by id: two customers may share a name. The city's other customers share one entry.
    const customerKey = r.customer_id === null ? `other\u0000${city}` : `id\u0000${String(r.customer_id)}`;
    const customer = intern(customerIndex, customerKey, () => cube.customers.push([r.customer, city]));
    cube.cells.month.push(month);
    cube.cells.customer.push(customer);
    cube.cells.cents.push(Math.round(num(r.sales) * 100));
    cube.cells.orders.push(num(r.orders));
  }
  return cube;
}
