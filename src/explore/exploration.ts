import type { AnalysisContext, AnalysisResult, Chart, Filters, Table } from "../analyse/analysis.js";
import { trendChart } from "../charts/time.js";
import { dataContext, type DataContext } from "../analyse/data-context.js";
import { customerIdBounds } from "../analyse/distinct-ids.js";
import { describeFilters } from "../analyse/filters.js";
import { count, decimal, list, money, percent, plural } from "../analyse/format.js";
import { queryInputs } from "../analyse/params.js";
import { monthsOf } from "../analyse/period.js";
import { keyFigures } from "../analyse/tables.js";
import { addDays, daysBetween } from "../dates.js";
import { MONTH_NAMES } from "../dates.js";
import { monthLabel, WEEKDAYS, weekdayCounts } from "./calendar.js";
import { columnChart } from "./charts.js";
import type { Commentary } from "../analyse/commentary/commentary.js";
import { markdownSafe } from "../analyse/commentary/text.js";
import { COLUMNS } from "../analyse/columns.js";

/**
 * A first look at the period before any recommendation: how large orders
 * are, how sales move month to month, whether there is a season or a weekly
 * rhythm, and where the data has holes. Every figure is an aggregate the
 * database computes (order values are binned in SQL), so this runs the same
 * on two hundred orders and on millions.
 */

/** Calendar months of history needed before month-of-year differences mean anything: each month seen twice. */
const SEASONALITY_MONTHS = 24;
/** Below this many orders a weekly pattern is anecdote. */
const FEW_ORDERS = 30;
/** Bins wanted across the bulk of the order values. */
const TARGET_BINS = 20;

interface OrderValueStats {
  mean: number;
  median: number;
  p90: number;
  p99: number;
  min: number;
  max: number;
}

export interface ExplorationFigures {
  period: string;
  filters: Filters;
  orders: number;
  sales: number;
  lines: number;
  units: number;
  order_value: OrderValueStats | null;
  /** Orders by value; the last bin (`to` null) holds everything from `from` up. */
  order_value_bins: { from: number; to: number | null; orders: number; sales: number }[];
  bin_width: number;
  lines_per_order: { lines: number; orders: number }[];
  median_lines: number | null;
  mean_lines: number | null;
  mean_units: number | null;
  monthly: {
    month: string;
    sales: number;
    orders: number;
    customers: number;
    lines: number;
    units: number;
    partial: boolean;
  }[];
  seasonality: {
    history_months: number;
    /** True with at least SEASONALITY_MONTHS of history: each calendar month seen twice. */
    enough_history: boolean;
    /** Average sales of each calendar month over the whole months observed in the period. */
    by_month: { month: number; name: string; months_observed: number; average_sales: number | null }[];
  };
  weekdays: {
    weekday: number;
    name: string;
    orders: number;
    sales: number;
    order_days: number;
    calendar_days: number;
    share_of_orders: number;
  }[];
  gaps: {
    first_day: string | null;
    last_day: string | null;
    calendar_days: number;
    order_days: number;
    days_without_orders: number;
    /** Monday-to-Friday days without orders (from the first order day to the last). */
    weekdays_without_orders: number;
    /** The longest runs of days without orders, longest first. */
    longest: { after: string; before: string; days: number }[];
    months_without_orders: string[];
  };
  data: DataContext;
}

type Num = number | null;
interface ValueRow {
  orders: number;
  sales: Num;
  mean_value: Num;
  min_value: Num;
  max_value: Num;
  median_value: Num;
  p90_value: Num;
  p99_value: Num;
  lines: Num;
  units: Num;
  median_lines: Num;
  [key: string]: Num;
}

export async function explorationFigures(ctx: AnalysisContext): Promise<ExplorationFigures> {
  const { params, context } = queryInputs(ctx);
  const run = <T extends Record<string, string | number | boolean | null>>(
    name: string,
    extra: Record<string, number> = {},
    more: object = {},
  ) => ctx.sql.run<T>(`explore/${name}`, { ...params, ...extra }, { ...context, ...more });
  const data = await dataContext(ctx);

  const [v] = await run<ValueRow>("order_values");
  const orders = v?.orders ?? 0;
  const order_value: OrderValueStats | null =
    orders > 0
      ? // To the cent: engines sum and interpolate floating point in their own order.
        {
          mean: cents(v.mean_value!),
          median: cents(v.median_value!),
          p90: cents(v.p90_value!),
          p99: cents(v.p99_value!),
          min: v.min_value!,
          max: v.max_value!,
        }
      : null;

  // Bins of a round width across values up to the 99th percentile; the rest share one last bin.
  const bin_width = order_value ? niceStep(Math.max(order_value.p99, 1) / TARGET_BINS) : 0;
  const bins = order_value ? Math.ceil(order_value.p99 / bin_width) || 1 : 0;
  const cap = bins * bin_width;
  const binRows = order_value
    ? await run<{ bin: number; orders: number; sales: number }>("order_value_bins", { width: bin_width, cap, bins })
    : [];
  const byBin = new Map(binRows.map((b) => [b.bin, b]));
  const order_value_bins = order_value
    ? Array.from({ length: bins + (byBin.has(bins) ? 1 : 0) }, (_, i) => ({
        from: i * bin_width,
        to: i < bins ? (i + 1) * bin_width : null,
        orders: byBin.get(i)?.orders ?? 0,
        sales: byBin.get(i)?.sales ?? 0,
      }))
    : [];

  const lines_per_order = await run<{ lines: number; orders: number }>("lines_per_order");

  const partial = new Set(data.coverage.partial_months.map((p) => p.month));
  const monthRows = await run<{
    month: string;
    sales: number;
    orders: number;
    customers: number;
    lines: number;
    units: number;
  }>("monthly", {}, { customer_ids: await customerIdBounds(ctx, monthsOf(ctx.period).length) });
  const byMonth = new Map(monthRows.map((m) => [m.month, m]));
  // Months outside the data's span are not zeros, they are unknown: keep only months the data reaches.
  const firstMonth = data.coverage.first_order.slice(0, 7);
  const lastMonth = data.coverage.last_order.slice(0, 7);
  const monthly = monthsOf(ctx.period)
    .filter((m) => m >= firstMonth && m <= lastMonth)
    .map((month) => {
      const r = byMonth.get(month);
      return {
        month,
        sales: r?.sales ?? 0,
        orders: r?.orders ?? 0,
        customers: r?.customers ?? 0,
        lines: r?.lines ?? 0,
        units: r?.units ?? 0,
        partial: partial.has(month),
      };
    });

  const by_month = MONTH_NAMES.map((name, i) => {
    const whole = monthly.filter((m) => Number(m.month.slice(5, 7)) === i + 1 && !m.partial);
    return {
      month: i + 1,
      name,
      months_observed: whole.length,
      average_sales: whole.length ? whole.reduce((a, m) => a + m.sales, 0) / whole.length : null,
    };
  });

  // The days the period and the data share: weekday counts and gaps are over these only.
  const from = maxDate(ctx.period.start, data.coverage.first_order);
  const to = minDate(addDays(ctx.period.end, -1), data.coverage.last_order);
  const calendar = from <= to ? weekdayCounts(from, to) : [0, 0, 0, 0, 0, 0, 0];
  const weekdayRows = await run<{ weekday: number; orders: number; sales: number; order_days: number }>("weekdays");
  const weekdays = WEEKDAYS.map((name, i) => {
    const r = weekdayRows.find((w) => w.weekday === i + 1);
    return {
      weekday: i + 1,
      name,
      orders: r?.orders ?? 0,
      sales: r?.sales ?? 0,
      order_days: r?.order_days ?? 0,
      calendar_days: calendar[i],
      share_of_orders: orders ? (r?.orders ?? 0) / orders : 0,
    };
  });

  const gapRows = await run<{ previous_day: string | null; day: string; gap_days: number | null }>("order_gaps");
  const order_days = weekdays.reduce((a, w) => a + w.order_days, 0);
  const first_day = gapRows.find((g) => g.previous_day === null)?.day ?? null;
  const last_day = gapRows.at(-1)?.day ?? null;
  const calendar_days = first_day && last_day ? daysBetween(first_day, last_day) + 1 : 0;
  const longest = gapRows
    .filter((g) => g.previous_day !== null && g.gap_days !== null && g.gap_days > 1)
    .map((g) => ({ after: g.previous_day!, before: g.day, days: g.gap_days! - 1 }))
    .sort((a, b) => b.days - a.days || a.after.localeCompare(b.after))
    .slice(0, 5);

  return {
    period: ctx.period.label,
    filters: ctx.filters,
    orders,
    sales: v?.sales ?? 0,
    lines: v?.lines ?? 0,
    units: v?.units ?? 0,
    order_value,
    order_value_bins,
    bin_width,
    lines_per_order,
    median_lines: v?.median_lines ?? null,
    mean_lines: orders ? (v.lines ?? 0) / orders : null,
    mean_units: orders ? (v.units ?? 0) / orders : null,
    monthly,
    seasonality: {
      history_months: data.history_months,
      enough_history: data.history_months >= SEASONALITY_MONTHS,
      by_month,
    },
    weekdays,
    gaps: {
      first_day,
      last_day,
      calendar_days,
      order_days,
      days_without_orders: calendar_days - order_days,
      weekdays_without_orders:
        first_day && last_day ? weekdaysWithout(weekdayCounts(first_day, last_day), weekdays) : 0,
      longest,
      months_without_orders: monthly.filter((m) => m.orders === 0).map((m) => m.month),
    },
    data,
  };
}

export async function analyseExploration(ctx: AnalysisContext): Promise<AnalysisResult<ExplorationFigures>> {
  const f = await explorationFigures(ctx);
  const scope = describeFilters(f.filters);
  return {
    key: "exploration",
    title: scope ? `Exploration: ${scope}` : "Exploration: the shape of the sales",
    figures: f,
    commentary: explorationCommentary(markdownSafe(f)),
    charts: explorationCharts(f),
    tables: explorationTables(f),
  };
}

function explorationCommentary(f: ExplorationFigures): Commentary {
  if (!f.order_value)
    return {
      finding: `There are no orders ${f.data.in_period}${describeFilters(f.filters) ? ` for ${describeFilters(f.filters)}` : ""}: nothing to explore.`,
      evidence: [],
      recommendation: [],
      caveats: [],
    };
  const v = f.order_value;
  const finding = `A typical order is worth ${money(v.median)} (the median); the average, ${money(v.mean)}, is ${v.mean > v.median * 1.15 ? "pulled up by a few large orders" : "close to it"}.`;
  const out: string[] = [];
  out.push(
    `One order in ten is above ${money(v.p90)} and the largest is ${money(v.max)}, over ${plural(f.orders, "order")} worth ${money(f.sales)} ${f.data.in_period}. ` +
      `Orders have ${decimal(f.mean_lines ?? 0)} lines and ${decimal(f.mean_units ?? 0)} units on average (median ${f.median_lines !== null && Number.isInteger(f.median_lines) ? count(f.median_lines) : decimal(f.median_lines ?? 0)} lines).`,
  );

  const whole = f.monthly.filter((m) => !m.partial);
  if (whole.length >= 2) {
    const best = whole.reduce((a, m) => (m.sales > a.sales ? m : a));
    const worst = whole.reduce((a, m) => (m.sales < a.sales ? m : a));
    const partials = f.monthly.filter((m) => m.partial).map((m) => monthLabel(m.month));
    out.push(
      `Month by month, sales ranged from ${money(worst.sales)} (${monthLabel(worst.month)}) to ${money(best.sales)} (${monthLabel(best.month)}) across ${plural(whole.length, "whole month")}` +
        (partials.length
          ? `; ${list(partials)} ${partials.length === 1 ? "is" : "are"} only partly in the data and ${partials.length === 1 ? "is" : "are"} left out of that comparison.`
          : "."),
    );
  }

  const s = f.seasonality;
  const seasonality = s.enough_history
    ? `With ${decimal(s.history_months)} months of history, each calendar month is seen at least twice, so the month-of-year averages below can hint at a season; check that the pattern repeats year to year before planning on it.`
    : `Seasonality cannot be judged yet: the data spans ${decimal(s.history_months)} months, so no calendar month is seen twice and a seasonal pattern cannot be told apart from growth or chance. It takes ${SEASONALITY_MONTHS} months or more.`;

  const active = f.weekdays.filter((w) => w.orders > 0);
  const idle = f.weekdays.filter((w) => w.orders === 0 && w.calendar_days > 0).map((w) => `${w.name}s`);
  const top = [...active].sort((a, b) => b.orders - a.orders)[0];
  if (top)
    out.push(
      `Orders arrive on ${list(active.map((w) => `${w.name}s`))}${idle.length ? `, never on ${list(idle)}` : ""}; the busiest day is ${top.name} with ${percent(top.share_of_orders)} of orders` +
        (f.orders < FEW_ORDERS ? `, though with ${plural(f.orders, "order")} the weekly pattern says little.` : "."),
    );

  const g = f.gaps;
  if (g.first_day && g.last_day) {
    const long = g.longest[0];
    const ties = g.longest.filter((x) => x.days === long?.days).length;
    const longest = !long
      ? "."
      : g.weekdays_without_orders === 0
        ? `; every weekday had orders, so the days without are weekends.`
        : `; the longest run without an order was ${plural(long.days, "day")} (${ties > 1 ? "first " : ""}${addDays(long.after, 1)} to ${addDays(long.before, -1)}), and ${plural(g.weekdays_without_orders, "weekday")} had none.`;
    out.push(
      `Of the ${plural(g.calendar_days, "day")} from ${g.first_day} to ${g.last_day}, ${count(g.order_days)} had orders and ${count(g.days_without_orders)} had none${longest}` +
        (g.months_without_orders.length
          ? ` ${list(g.months_without_orders.map(monthLabel))} had no orders at all.`
          : " No month in the period is without orders."),
    );
  }
  return { finding, evidence: out, recommendation: [], caveats: [seasonality] };
}

function explorationCharts(f: ExplorationFigures): Chart[] {
  const charts: Chart[] = [];
  const scope = [f.period === "all" ? "All orders" : f.period, describeFilters(f.filters)].filter(Boolean).join(" · ");
  if (f.order_value) {
    const last = f.order_value_bins.at(-1);
    charts.push({
      id: "exploration-order-values",
      title: "Distribution of order values",
      spec: columnChart(
        f.order_value_bins.map((b) => ({
          label: b.to === null ? `${money0(b.from)}+` : `${money0(b.from)}–${money0(b.to)}`,
          value: b.orders,
        })),
        {
          title: "Distribution of order values",
          subtitle: `${scope} · ${plural(f.orders, "order")} · median ${money(f.order_value.median)}${last?.to === null ? " · largest orders grouped in the last bar" : ""}`,
          xTitle: "Order value",
          valueTitle: "Orders",
        },
      ),
    });
  }
  charts.push({
    id: "exploration-monthly",
    title: "Monthly sales",
    spec: trendChart(
      f.monthly.map((m) => ({ month: m.month, sales: m.sales, partial: m.partial })),
      {
        title: "Monthly sales",
        subtitle: f.monthly.some((m) => m.partial)
          ? `${scope} · ${list(f.monthly.filter((m) => m.partial).map((m) => monthLabel(m.month)))} only partly in the data`
          : scope,
      },
    ),
  });
  charts.push({
    id: "exploration-weekdays",
    title: "Orders by day of the week",
    spec: columnChart(
      f.weekdays.map((w) => ({ label: w.name.slice(0, 3), value: w.orders })),
      { title: "Orders by day of the week", subtitle: scope, valueTitle: "Orders" },
    ),
  });
  if (f.seasonality.enough_history)
    charts.push({
      id: "exploration-month-of-year",
      title: "Average sales by calendar month",
      spec: columnChart(
        f.seasonality.by_month.map((m) => ({
          label: m.name.slice(0, 3),
          value: m.average_sales ?? 0,
          muted: m.months_observed < 2,
        })),
        {
          title: "Average sales by calendar month",
          subtitle: `${scope} · whole months only; grey: seen once`,
          format: "currency",
          valueTitle: "Average sales",
        },
      ),
    });
  if (f.lines_per_order.length)
    charts.push({
      id: "exploration-lines-per-order",
      title: "Orders by number of lines",
      spec: columnChart(
        f.lines_per_order.map((l) => ({ label: String(l.lines), value: l.orders })),
        { title: "Orders by number of lines", subtitle: scope, xTitle: "Lines in the order", valueTitle: "Orders" },
      ),
    });
  return charts;
}

function explorationTables(f: ExplorationFigures): Table[] {
  const v = f.order_value;
  const tables: Table[] = [
    keyFigures("exploration-summary", "Order figures", [
      ["Orders", count(f.orders)],
      ["Sales", money(f.sales)],
      ["Order lines", count(f.lines)],
      ["Units", count(f.units)],
      ["Median order value", v ? money(v.median) : "n/a"],
      ["Mean order value", v ? money(v.mean) : "n/a"],
      ["90th percentile of order value", v ? money(v.p90) : "n/a"],
      ["Largest order", v ? money(v.max) : "n/a"],
      ["Smallest order", v ? money(v.min) : "n/a"],
      ["Mean lines per order", f.mean_lines === null ? "n/a" : decimal(f.mean_lines)],
      ["Mean units per order", f.mean_units === null ? "n/a" : decimal(f.mean_units)],
      ["Days with orders", `${count(f.gaps.order_days)} of ${count(f.gaps.calendar_days)}`],
      ["Months of history in the data", decimal(f.seasonality.history_months)],
    ]),
    {
      id: "exploration-monthly",
      title: "Sales by month",
      columns: [
        COLUMNS.month,
        COLUMNS.sales,
        COLUMNS.orders,
        COLUMNS.customers,
        COLUMNS.units,
        { key: "note", label: "Note", format: "text" },
      ],
      rows: f.monthly.map((m) => ({
        month: m.month,
        sales: m.sales,
        orders: m.orders,
        customers: m.customers,
        units: m.units,
        note: m.partial ? "partly in the data" : m.orders ? "" : "no orders",
      })),
    },
    {
      id: "exploration-weekdays",
      title: "Orders by day of the week",
      columns: [
        { key: "name", label: "Day", format: "text" },
        COLUMNS.orders,
        { key: "share_of_orders", label: "Share of orders", format: "percent" },
        COLUMNS.sales,
        { key: "order_days", label: "Days with orders", format: "count" },
        { key: "calendar_days", label: "Days in the span", format: "count" },
      ],
      rows: f.weekdays.map((w) => ({
        name: w.name,
        orders: w.orders,
        share_of_orders: w.share_of_orders,
        sales: w.sales,
        order_days: w.order_days,
        calendar_days: w.calendar_days,
      })),
    },
    {
      id: "exploration-seasonality",
      title: "Average sales by calendar month (whole months only)",
      columns: [
        { key: "name", label: "Month", format: "text" },
        { key: "months_observed", label: "Times observed", format: "count" },
        { key: "average_sales", label: "Average sales", format: "money" },
      ],
      rows: f.seasonality.by_month
        .filter((m) => m.months_observed > 0)
        .map((m) => ({ name: m.name, months_observed: m.months_observed, average_sales: m.average_sales })),
    },
    {
      id: "exploration-order-values",
      title: "Orders by value",
      columns: [{ key: "range", label: "Order value", format: "text" }, COLUMNS.orders, COLUMNS.sales],
      rows: f.order_value_bins.map((b) => ({
        range: b.to === null ? `${money(b.from)} and more` : `${money(b.from)} to ${money(b.to)}`,
        orders: b.orders,
        sales: b.sales,
      })),
    },
  ];
  if (f.gaps.longest.length)
    tables.push({
      id: "exploration-gaps",
      title: "Longest runs of days without orders",
      columns: [
        { key: "from", label: "From", format: "date" },
        { key: "to", label: "To", format: "date" },
        { key: "days", label: "Days", format: "count" },
      ],
      rows: f.gaps.longest.map((g) => ({ from: addDays(g.after, 1), to: addDays(g.before, -1), days: g.days })),
    });
  return tables;
}

/** 1, 2, 2.5 or 5 times a power of ten: bin edges people can read. */
export function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].find((s) => s * power >= raw)!;
  return step * power;
}

const cents = (x: number) => Math.round(x * 100) / 100;
/** `$1,500` without cents, for bin labels. */
const money0 = (x: number) => money(x).replace(/\.00$/, "");
/** Monday-to-Friday calendar days without an order day. */
function weekdaysWithout(calendar: number[], weekdays: { order_days: number }[]): number {
  return [0, 1, 2, 3, 4].reduce((a, i) => a + calendar[i] - weekdays[i].order_days, 0);
}
const maxDate = (a: string, b: string) => (a > b ? a : b);
const minDate = (a: string, b: string) => (a < b ? a : b);
