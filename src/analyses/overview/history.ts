import type { AnalysisContext } from "../../analyse/analysis.js";
import type { Coverage } from "../../analyse/coverage.js";
import { num, queryInputs } from "../../analyse/params.js";
import { monthsOf, type Period } from "../../analyse/period.js";
import { growthRate, ratio } from "../../analyse/ranking.js";
import { addMonths } from "../../dates.js";
import { customerIdBounds } from "../../analyse/distinct-ids.js";

/**
 * What the dashboard shows beside the period's totals, computed once here so
 * the PDF, the e-mail, the HTML and Power BI show the same figures: the
 * months behind each tile's sparkline, and the same period a year before.
 */

export interface TrendPoint {
  /** `YYYY-MM`. */
  month: string;
  sales: number;
  orders: number;
  /** Customers who ordered in the month. */
  customers: number;
  average_order_value: number | null;
  /** False when the data covers only part of the month (a sparkline marks it rather than drawing a collapse). */
  complete: boolean;
  /** Inside the period (the months before it give the sparkline its context). */
  in_period: boolean;
}

export interface YearAgo {
  label: string;
  start: string;
  end: string;
  total_sales: number;
  orders: number;
  active_customers: number;
  average_order_value: number | null;
  /** True when the data covers both this period and the one a year before in full. */
  comparable: boolean;
  change: {
    total_sales: number | null;
    orders: number | null;
    active_customers: number | null;
    average_order_value: number | null;
  };
}

/** A sparkline spans the period, or the twelve months up to its end when the period is shorter. */
const SPARKLINE_MONTHS = 12;

interface HistoryRow {
  [key: string]: string | number | null;
  kind: string;
  month: string | null;
  sales: number | null;
  orders: number;
  customers: number;
}

export async function historyFigures(
  ctx: AnalysisContext,
  coverage: Coverage,
  current: { total_sales: number; orders: number; active_customers: number; average_order_value: number | null },
): Promise<{ trend: TrendPoint[]; year_ago: YearAgo }> {
  const { period } = ctx;
  const window = yearAgoWindow(period);
  const { params, context } = queryInputs(ctx);
  // One group per month from the year-ago window's start to the period's end, and the year-ago row.
  const customer_ids = await customerIdBounds(ctx, monthsOf({ start: window.start, end: period.end }).length + 1);
  const rows = await ctx.sql.run<HistoryRow>(
    "analyses/history",
    {
      ...params,
      // The year-ago window starts a year before the period, before any sparkline does.
      history_start: window.start,
      year_ago_start: window.start,
      year_ago_end: window.end,
    },
    { ...context, customer_ids },
  );
  const byMonth = new Map(rows.filter((r) => r.kind === "month").map((r) => [String(r.month), r]));
  const inPeriod = new Set(monthsOf(period));
  // Every month of the window, those without orders as zeros, inside the data only.
  const trend = monthsOf({ start: sparklineStart(period), end: period.end })
    .filter((m) => m >= coverage.first_order.slice(0, 7) && m <= coverage.last_order.slice(0, 7))
    .map((month): TrendPoint => {
      const r = byMonth.get(month);
      const sales = num(r?.sales);
      const orders = num(r?.orders);
      const start = `${month}-01`;
      return {
        month,
        sales,
        orders,
        customers: num(r?.customers),
        average_order_value: ratio(sales, orders),
        complete: start >= coverage.complete_from && addMonths(start, 1) <= coverage.complete_until,
        in_period: inPeriod.has(month),
      };
    });
  const ago = rows.find((r) => r.kind === "year_ago");
  const sales = num(ago?.sales);
  const orders = num(ago?.orders);
  const customers = num(ago?.customers);
  const comparable =
    coverage.current === "full" && window.start >= coverage.complete_from && window.end <= coverage.complete_until;
  const aov = ratio(sales, orders);
  return {
    trend,
    year_ago: {
      ...window,
      total_sales: sales,
      orders,
      active_customers: customers,
      average_order_value: aov,
      comparable,
      change: {
        total_sales: growthRate(current.total_sales, sales, comparable),
        orders: growthRate(current.orders, orders, comparable),
        active_customers: growthRate(current.active_customers, customers, comparable),
        average_order_value: growthRate(current.average_order_value ?? 0, aov ?? 0, comparable),
      },
    },
  };
}

/** The same months a year before: 1997-01 → 1996-01; a range moves as a whole. */
function yearAgoWindow(period: Pick<Period, "start" | "end">): { label: string; start: string; end: string } {
  const start = addMonths(period.start, -12);
  const end = addMonths(period.end, -12);
  const first = start.slice(0, 7);
  const last = addMonths(end, -1).slice(0, 7);
  return { label: first === last ? first : `${first}..${last}`, start, end };
}

/** The first month a sparkline shows: the period's own when it is a year or longer, else a year before its end. */
function sparklineStart(period: Pick<Period, "start" | "end">): string {
  const yearBeforeEnd = addMonths(period.end, -SPARKLINE_MONTHS);
  return yearBeforeEnd < period.start ? yearBeforeEnd : period.start;
}
