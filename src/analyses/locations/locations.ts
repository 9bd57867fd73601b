import { ANALYSIS_DEFAULTS } from "../../config.js";
import type { AnalysisContext, AnalysisResult } from "../../analyse/analysis.js";
import { countryChart, rankingChart } from "../../analyse/charts.js";
import { locationsCommentary } from "./commentary.js";
import { dataContext, dataContextRows, type DataContext } from "../../analyse/data-context.js";
import { count, money, percent } from "../../analyse/format.js";
import { num, runAnalysisQuery } from "../../analyse/params.js";
import { growthRate, ratio, share } from "../../analyse/ranking.js";
import { keyFigures, periodCaption } from "../../analyse/tables.js";
import { COLUMNS } from "../../analyse/columns.js";
import { markdownSafe } from "../../analyse/commentary/text.js";

/**
 * Locations for investment: sales by customer country and city, their growth,
 * how many customers stand behind them, and how concentrated sales are.
 */

export interface CountryRow {
  rank: number;
  name: string;
  sales: number;
  share: number;
  cumulative_share: number;
  orders: number;
  /** Customers who ordered in the period. */
  customers: number;
  /** Customers on file in the country, ordering or not. */
  customer_base: number;
  sales_per_customer: number | null;
  average_order_value: number | null;
  units: number;
  previous_sales: number;
  change: number | null;
  /** Fewer orders than ANALYSIS_DEFAULTS.thinOrders: the figures are anecdotal. */
  thin: boolean;
}

export interface CityRow {
  rank: number;
  /** "City (Country)". */
  name: string;
  city: string;
  country: string;
  sales: number;
  share: number;
  orders: number;
  customers: number;
  sales_per_customer: number | null;
  previous_sales: number;
  change: number | null;
}

export interface InvestmentPick {
  country: string;
  /** What kind of investment the figures point to. */
  lever: "accounts" | "activation" | "growth" | "breadth";
}

export interface LocationFigures {
  total_sales: number;
  country_count: number;
  city_count: number;
  /** Sales per customer across all countries, the yardstick for each country's. */
  sales_per_customer: number | null;
  ranking: CountryRow[];
  cities: CityRow[];
  concentration: {
    /** Share of sales of the three largest countries. */
    top3_share: number;
    /** How many countries make half of sales. */
    countries_for_half: number;
    /** Herfindahl–Hirschman index of country shares, 0..1 (1 = a single country). */
    hhi: number;
  };
  invest: InvestmentPick[];
  thin_orders: number;
  data: DataContext;
}

interface CountrySqlRow {
  [key: string]: string | number | null;
  country: string;
  sales: number;
  orders: number;
  customers: number;
  units: number;
  previous_sales: number;
  customer_base: number | null;
}

interface CitySqlRow {
  [key: string]: string | number | null;
  country: string;
  city: string;
  sales: number;
  orders: number;
  customers: number;
  previous_sales: number;
}

export async function locationFigures(ctx: AnalysisContext): Promise<LocationFigures> {
  const data = await dataContext(ctx);
  const countryRows = (await runAnalysisQuery<CountrySqlRow>(ctx, "countries")).filter((r) => num(r.sales) > 0);
  const cityRows = (await runAnalysisQuery<CitySqlRow>(ctx, "cities")).filter((r) => num(r.sales) > 0);
  const total = countryRows.reduce((s, r) => s + num(r.sales), 0);
  const activeCustomers = countryRows.reduce((s, r) => s + num(r.customers), 0);
  const thin = ANALYSIS_DEFAULTS.thinOrders;
  let running = 0;
  const ranking: CountryRow[] = countryRows.map((r, i) => {
    running += num(r.sales);
    return {
      rank: i + 1,
      name: r.country,
      sales: num(r.sales),
      share: share(num(r.sales), total),
      cumulative_share: share(running, total),
      orders: num(r.orders),
      customers: num(r.customers),
      customer_base: num(r.customer_base),
      sales_per_customer: ratio(num(r.sales), num(r.customers)),
      average_order_value: ratio(num(r.sales), num(r.orders)),
      units: num(r.units),
      previous_sales: num(r.previous_sales),
      change: growthRate(num(r.sales), num(r.previous_sales), data.comparable),
      thin: num(r.orders) < thin,
    };
  });
  const cities: CityRow[] = cityRows.map((r, i) => ({
    rank: i + 1,
    name: `${r.city} (${r.country})`,
    city: r.city,
    country: r.country,
    sales: num(r.sales),
    share: share(num(r.sales), total),
    orders: num(r.orders),
    customers: num(r.customers),
    sales_per_customer: ratio(num(r.sales), num(r.customers)),
    previous_sales: num(r.previous_sales),
    change: growthRate(num(r.sales), num(r.previous_sales), data.comparable),
  }));
  const average = ratio(total, activeCustomers);
  return {
    total_sales: total,
    country_count: ranking.length,
    city_count: cities.length,
    sales_per_customer: average,
    ranking,
    cities,
    concentration: {
      top3_share: ranking.slice(0, 3).reduce((s, r) => s + r.share, 0),
      countries_for_half: ranking.findIndex((r) => r.cumulative_share >= 0.5 - 1e-9) + 1,
      hhi: ranking.reduce((s, r) => s + r.share * r.share, 0),
    },
    invest: pickCountries(ranking, average),
    thin_orders: thin,
    data,
  };
}

/**
 * The countries to invest in first: the largest by sales among those with
 * enough orders to trust, each with the lever its figures point to.
 */
export function pickCountries(
  ranking: readonly CountryRow[],
  averagePerCustomer: number | null,
  n = ANALYSIS_DEFAULTS.investCountries,
): InvestmentPick[] {
  return ranking
    .filter((r) => !r.thin)
    .slice(0, n)
    .map((r) => ({ country: r.name, lever: leverOf(r, averagePerCustomer) }));
}

function leverOf(r: CountryRow, average: number | null): InvestmentPick["lever"] {
  // Few big accounts want account management; idle customers on file want activation.
  if (average !== null && r.sales_per_customer !== null && r.sales_per_customer >= 1.5 * average) return "accounts";
  if (r.customer_base > r.customers && r.customers / Math.max(r.customer_base, 1) < 0.75) return "activation";
  if (r.change !== null && r.change > 0) return "growth";
  return "breadth";
}

export async function analyseLocations(ctx: AnalysisContext): Promise<AnalysisResult<LocationFigures>> {
  const f = await locationFigures(ctx);
  return {
    key: "locations",
    title: "Locations: where to invest",
    figures: f,
    commentary: locationsCommentary(markdownSafe(f)),
    charts: [
      {
        id: "locations-countries",
        title: "Sales by country",
        spec: countryChart(
          f.ranking.map((r) => ({ country: r.name, sales: r.sales, growth: r.change })),
          { title: "Sales by country" },
        ),
      },
      {
        id: "locations-cities",
        title: "Top cities by sales",
        spec: rankingChart(
          f.cities.map((c) => ({ name: c.name, value: c.sales })),
          { title: "Top cities by sales", subtitle: periodCaption(ctx.period.label) },
        ),
      },
    ],
    tables: [
      keyFigures("locations-summary", "Location figures", [
        ["Sales", money(f.total_sales)],
        ["Countries with sales", count(f.country_count)],
        ["Cities with sales", count(f.city_count)],
        ["Sales per customer, all countries", f.sales_per_customer === null ? "n/a" : money(f.sales_per_customer)],
        ["Share of the three largest countries", percent(f.concentration.top3_share)],
        ["Countries making half of sales", count(f.concentration.countries_for_half)],
        ["Concentration index (HHI, 0 to 10,000)", count(f.concentration.hhi * 10_000)],
        ["Orders below which a country's figures are anecdotal", count(f.thin_orders)],
        ...dataContextRows(f.data),
      ]),
      {
        id: "locations-countries",
        title: "Sales by country",
        columns: [
          COLUMNS.rank,
          { key: "name", label: "Country", format: "text" },
          COLUMNS.sales,
          COLUMNS.share,
          COLUMNS.cumulative_share,
          COLUMNS.orders,
          { key: "customers", label: "Customers who ordered", format: "count" },
          { key: "customer_base", label: "Customers on file", format: "count" },
          { key: "sales_per_customer", label: "Sales per customer", format: "money" },
          COLUMNS.average_order_value,
          COLUMNS.previous_sales,
          COLUMNS.change,
        ],
        rows: f.ranking.map(({ thin: _, ...r }) => r),
      },
      {
        id: "locations-cities",
        title: "Sales by city",
        limit: 15,
        columns: [
          COLUMNS.rank,
          { key: "city", label: "City", format: "text" },
          COLUMNS.country,
          COLUMNS.sales,
          COLUMNS.share,
          COLUMNS.orders,
          COLUMNS.customers,
          { key: "sales_per_customer", label: "Sales per customer", format: "money" },
          COLUMNS.change,
        ],
        rows: f.cities.map((c) => ({ ...c })),
      },
    ],
  };
}
