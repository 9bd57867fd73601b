import type { AnalysisContext, AnalysisResult, Filters } from "../../analyse/analysis.js";
import { trendChart } from "../../analyse/charts.js";
import { overviewCommentary } from "./commentary.js";
import { dataContext, dataContextRows, type DataContext } from "../../analyse/data-context.js";
import { count, growth, money } from "../../analyse/format.js";
import { num, runAnalysisQuery } from "../../analyse/params.js";
import type { Period } from "../../analyse/period.js";
import { growthRate, ratio } from "../../analyse/ranking.js";
import { keyFigures } from "../../analyse/tables.js";
import { COLUMNS } from "../../analyse/columns.js";
import { markdownSafe } from "../../analyse/commentary/text.js";
import { historyFigures, type TrendPoint, type YearAgo } from "./history.js";

/**
 * The headline of a period: sales, orders, customers who ordered and the
 * average order, against the period of the same length before it, and the
 * monthly trend.
 */

export interface Totals {
  total_sales: number;
  orders: number;
  /** Customers who ordered. */
  active_customers: number;
  units: number;
  /** Null without orders. */
  average_order_value: number | null;
}

export interface MonthFigures {
  /** `YYYY-MM`. */
  month: string;
  sales: number;
  orders: number;
  /** False when the data covers only part of the month. */
  complete: boolean;
}

export interface OverviewFigures extends Totals {
  period: Period;
  filters: Filters;
  previous: Totals & { label: string; start: string; end: string };
  /** Change against the previous period; null when the data does not cover both periods. */
  change: {
    total_sales: number | null;
    orders: number | null;
    active_customers: number | null;
    average_order_value: number | null;
  };
  data: DataContext;
  monthly: MonthFigures[];
  /** The same period a year before, and the change against it when the data covers both. */
  year_ago: YearAgo;
  /** Month by month, the period (or the year up to its end, when shorter): the dashboard's sparklines. */
  trend: TrendPoint[];
}

interface OverviewRow {
  [key: string]: number | null;
  sales: number | null;
  orders: number;
  customers: number;
  units: number | null;
  previous_sales: number | null;
  previous_orders: number;
  previous_customers: number;
  previous_units: number | null;
}

export async function analyseOverview(ctx: AnalysisContext): Promise<AnalysisResult<OverviewFigures>> {
  const figures = await overviewFigures(ctx);
  const incomplete = figures.monthly.filter((m) => !m.complete).map((m) => m.month);
  return {
    key: "overview",
    title: `Sales overview, ${ctx.period.label}`,
    figures,
    commentary: overviewCommentary(markdownSafe(figures)),
    charts: [
      {
        id: "overview-trend",
        title: "Monthly sales",
        // An incomplete month would read as a collapse (or a boom): it is drawn hollow on a dashed line.
        spec: trendChart(
          figures.monthly.map((m) => ({ month: m.month, sales: m.sales, partial: !m.complete })),
          {
            title: "Monthly sales",
            subtitle: incomplete.length
              ? `${incomplete.join(", ")}: the data covers only part of the month (hollow point)`
              : undefined,
          },
        ),
      },
    ],
    tables: [
      keyFigures("overview-summary", "Headline figures", overviewSummaryRows(figures)),
      {
        id: "overview-monthly",
        title: "Sales by month",
        columns: [COLUMNS.month, COLUMNS.sales, COLUMNS.orders, { key: "note", label: "Note", format: "text" }],
        rows: figures.monthly.map((m) => ({
          month: m.month,
          sales: m.sales,
          orders: m.orders,
          note: m.complete ? "" : "incomplete",
        })),
      },
    ],
  };
}

export async function overviewFigures(ctx: AnalysisContext): Promise<OverviewFigures> {
  const data = await dataContext(ctx);
  const [row] = await runAnalysisQuery<OverviewRow>(ctx, "overview");
  const monthly = await runAnalysisQuery<{ month: string; sales: number; orders: number }>(ctx, "monthly");
  const current = totals(num(row?.sales), num(row?.orders), num(row?.customers), num(row?.units));
  const previous = totals(
    num(row?.previous_sales),
    num(row?.previous_orders),
    num(row?.previous_customers),
    num(row?.previous_units),
  );
  const ok = data.comparable;
  const partial = new Set(data.coverage.partial_months.map((m) => m.month));
  const history = await historyFigures(ctx, data.coverage, current);
  return {
    period: ctx.period,
    filters: ctx.filters,
    ...current,
    previous: { ...ctx.period.previous, ...previous },
    change: {
      total_sales: growthRate(current.total_sales, previous.total_sales, ok),
      orders: growthRate(current.orders, previous.orders, ok),
      active_customers: growthRate(current.active_customers, previous.active_customers, ok),
      average_order_value: growthRate(current.average_order_value ?? 0, previous.average_order_value ?? 0, ok),
    },
    data,
    monthly: monthly.map((m) => ({
      month: m.month,
      sales: num(m.sales),
      orders: num(m.orders),
      complete: !partial.has(m.month),
    })),
    ...history,
  };
}

function totals(sales: number, orders: number, customers: number, units: number): Totals {
  return { total_sales: sales, orders, active_customers: customers, units, average_order_value: ratio(sales, orders) };
}

/** The overview figures the commentary quotes, formatted once. */
export function overviewSummaryRows(f: OverviewFigures): [string, string][] {
  return [
    ["Sales", money(f.total_sales)],
    ["Orders", count(f.orders)],
    ["Customers who ordered", count(f.active_customers)],
    ["Units", count(f.units)],
    ["Average order value", f.average_order_value === null ? "n/a" : money(f.average_order_value)],
    [`Sales, ${f.previous.label}`, money(f.previous.total_sales)],
    [`Orders, ${f.previous.label}`, count(f.previous.orders)],
    ["Sales growth", growth(f.change.total_sales)],
    ["Order growth", growth(f.change.orders)],
    ["Customer growth", growth(f.change.active_customers)],
    ["Average order growth", growth(f.change.average_order_value)],
    ...dataContextRows(f.data),
  ];
}
