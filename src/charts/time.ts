/**
 * Monthly time series: sales trends and forecasts. Months arrive as
 * `YYYY-MM` strings and are parsed as UTC, so a notebook in any time zone
 * labels them the same as the server that renders the reports.
 */
import type { TopLevelSpec } from "vega-lite";
import { FORMAT, compactCurrencyExpr } from "./format.js";
import {
  type ChartOptions,
  type ColorDef,
  type PositionDef,
  type TooltipDef,
  frame,
  noDataChart,
  when,
} from "./frame.js";
import { DEFAULT_WIDTH, PALETTE } from "./theme.js";

const MONTH_PARSE = { month: "utc:'%Y-%m'" } as const;

/** Whole months from the first to the last `YYYY-MM`, inclusive. */
export function monthSpan(months: string[]): number {
  const index = (m: string) => {
    const [y, mo] = m.split("-").map(Number);
    return y * 12 + (mo - 1);
  };
  const values = months.map(index).filter(Number.isFinite);
  return values.length === 0 ? 0 : Math.max(...values) - Math.min(...values) + 1;
}

/** Months between labels so that about one "Jul 1997" fits per 70 px. */
export function monthStep(span: number, width = DEFAULT_WIDTH): number {
  const fits = Math.max(2, Math.floor((width - 90) / 70));
  return [1, 2, 3, 6, 12, 24, 60].find((s) => Math.ceil(span / s) <= fits) ?? 120;
}

function monthAxis(months: string[], width: number | undefined): PositionDef {
  return {
    field: "month",
    type: "temporal",
    timeUnit: "utcyearmonth",
    title: null,
    axis: {
      format: "%b %Y",
      tickCount: { interval: "month", step: monthStep(monthSpan(months), width) },
      labelOverlap: true,
    },
  };
}

/** A money y axis on `field`: compact labels, no title (the chart title names the measure). */
function money(field: string): PositionDef {
  return { field, type: "quantitative", title: null, axis: { labelExpr: compactCurrencyExpr() } };
}
const monthTooltip: TooltipDef = {
  field: "month",
  type: "temporal",
  timeUnit: "utcyearmonth",
  title: "Month",
  format: "%B %Y",
};

export interface TrendRow {
  /** `YYYY-MM`. */
  month: string;
  sales: number;
  /** Series name, for several lines in one chart. */
  series?: string;
  /** The data covers only part of the month: drawn hollow on a dashed line, labelled (not read as a collapse). */
  partial?: boolean;
}

/**
 * Monthly sales as a line with points; one line per `series` when given. A
 * partial month (single series) is a hollow point on a dashed line, labelled
 * "partial": twelve days of February drawn like a whole month read as a collapse.
 */
export function trendChart(rows: TrendRow[], opts: ChartOptions = {}): TopLevelSpec {
  const title = opts.title ?? "Monthly sales";
  if (rows.length === 0) return noDataChart(opts, title);
  const seriesNames = [...new Set(rows.map((r) => r.series).filter((s): s is string => s !== undefined))];
  const multi = seriesNames.length > 1;
  const partial = !multi && rows.some((r) => r.partial);
  const values = rows.map((r, i) => ({
    month: r.month,
    sales: r.sales,
    series: r.series ?? "Sales",
    partial: Boolean(r.partial),
    // The dashed line runs through a partial month and its neighbours.
    bridge: r.partial || rows[i - 1]?.partial || rows[i + 1]?.partial ? r.sales : null,
  }));
  const x = monthAxis(
    rows.map((r) => r.month),
    opts.width,
  );
  const y = money("sales");
  const color: ColorDef = multi
    ? { field: "series", type: "nominal", title: null, sort: seriesNames }
    : { value: PALETTE.primary };
  const tooltip: TooltipDef[] = [
    monthTooltip,
    ...(multi ? ([{ field: "series", type: "nominal", title: "Series" }] satisfies TooltipDef[]) : []),
    { field: "sales", type: "quantitative", title: "Sales", format: FORMAT.currency },
  ];
  return {
    ...frame(opts, { title }),
    data: { values, format: { parse: MONTH_PARSE } },
    encoding: { x, y },
    layer: partial
      ? [
          { transform: [{ filter: "!datum.partial" }], mark: { type: "area", opacity: 0.07, color: PALETTE.primary } },
          { transform: [{ filter: "!datum.partial" }], mark: { type: "line" }, encoding: { color } },
          {
            transform: [{ filter: "datum.bridge != null" }],
            mark: { type: "line", strokeDash: [4, 3], opacity: 0.8 },
            encoding: { color, y: { ...y, field: "bridge" } },
          },
          {
            transform: [{ filter: "!datum.partial" }],
            mark: { type: "point", size: 36, filled: true, tooltip: true },
            encoding: { color, tooltip },
          },
          {
            transform: [{ filter: "datum.partial" }],
            mark: { type: "point", size: 44, filled: false, strokeWidth: 1.5, tooltip: true },
            encoding: { color, tooltip },
          },
          {
            transform: [{ filter: "datum.partial" }],
            mark: { type: "text", dy: -11, fontSize: 10, fontStyle: "italic", color: PALETTE.muted },
            encoding: { text: { value: "partial" } },
          },
        ]
      : [
          // A faint area under a single line gives it weight without a second colour.
          ...when(!multi, { mark: { type: "area", opacity: 0.07, color: PALETTE.primary } }),
          { mark: { type: "line" }, encoding: { color } },
          { mark: { type: "point", size: multi ? 28 : 36, tooltip: true }, encoding: { color, tooltip } },
        ],
  };
}

export interface ForecastRow {
  /** `YYYY-MM`. */
  month: string;
  actual?: number | null;
  forecast?: number | null;
  /** Prediction interval, drawn as a band. */
  lower?: number | null;
  upper?: number | null;
}

/**
 * Actual sales (solid navy), forecast (dashed amber) and its interval (a pale
 * amber band), with a rule where the forecast begins. Each layer keeps only
 * its own valid rows, so gaps never turn into zeros.
 */
export function forecastChart(rows: ForecastRow[], opts: ChartOptions = {}): TopLevelSpec {
  const title = opts.title ?? "Sales forecast";
  if (rows.length === 0) return noDataChart(opts, title);
  const sorted = [...rows].sort((a, b) => a.month.localeCompare(b.month));
  const firstForecast = sorted.findIndex((r) => r.forecast != null && r.actual == null);
  // The month the forecast grows from: the last actual before it.
  const origin = firstForecast > 0 && sorted[firstForecast - 1].actual != null ? firstForecast - 1 : -1;
  const values = sorted.map((r, i) => ({
    month: r.month,
    actual: r.actual ?? null,
    forecast: r.forecast ?? null,
    // The dashed line starts at the last actual point, so the two lines join.
    forecast_line: r.forecast ?? (i === origin ? (r.actual ?? null) : null),
    lower: r.lower ?? null,
    upper: r.upper ?? null,
  }));
  const start = origin >= 0 ? values[origin].month : firstForecast >= 0 ? values[firstForecast].month : undefined;
  const hasBand = values.some((r) => r.lower != null && r.upper != null);
  const hasActual = values.some((r) => r.actual != null);
  const hasForecast = values.some((r) => r.forecast != null);
  const series = [...(hasActual ? ["Actual"] : []), ...(hasForecast ? ["Forecast"] : [])];
  const x = monthAxis(
    values.map((r) => r.month),
    opts.width,
  );
  // Constant colours through one shared scale, so the legend lists both lines.
  const color = (name: "Actual" | "Forecast"): ColorDef => ({
    datum: name,
    scale: { domain: series, range: series.map((s) => (s === "Actual" ? PALETTE.primary : PALETTE.accent)) },
    legend: { title: null, symbolType: "stroke", symbolStrokeWidth: 3, symbolSize: 200 },
  });
  const tooltip: TooltipDef[] = [
    monthTooltip,
    { field: "actual", type: "quantitative", title: "Actual", format: FORMAT.currency },
    { field: "forecast", type: "quantitative", title: "Forecast", format: FORMAT.currency },
    ...(hasBand
      ? ([
          { field: "lower", type: "quantitative", title: "Low", format: FORMAT.currency },
          { field: "upper", type: "quantitative", title: "High", format: FORMAT.currency },
        ] satisfies TooltipDef[])
      : []),
  ];
  return {
    ...frame(opts, { title, subtitle: hasBand ? "Shaded band: forecast range" : undefined }),
    data: { values, format: { parse: MONTH_PARSE } },
    encoding: { x },
    layer: [
      // Layers only for what the rows hold: an empty layer makes Vega warn.
      ...when(hasBand, {
        transform: [{ filter: "isValid(datum.lower) && isValid(datum.upper)" }],
        mark: { type: "area", color: PALETTE.accent, opacity: 0.16 },
        encoding: { y: money("lower"), y2: { field: "upper" } },
      }),
      ...when(start !== undefined, {
        // One data source for rule and label: two identical inline
        // sources confuse Vega-Lite's data merging (empty extents).
        data: { values: [{ month: start }], format: { parse: MONTH_PARSE } },
        encoding: { x },
        layer: [
          { mark: { type: "rule", strokeDash: [2, 3], color: PALETTE.axis } },
          {
            mark: {
              type: "text",
              text: "Forecast \u2192",
              align: "left",
              baseline: "bottom",
              dx: 6,
              dy: -6,
              color: PALETTE.muted,
            },
            encoding: { y: { value: "height" } },
          },
        ],
      }),
      ...when(hasForecast, {
        transform: [{ filter: "isValid(datum.forecast_line)" }],
        mark: { type: "line", strokeDash: [6, 4], strokeWidth: 2.5 },
        encoding: { y: money("forecast_line"), color: color("Forecast") },
      }),
      ...when(hasActual, {
        transform: [{ filter: "isValid(datum.actual)" }],
        encoding: { y: money("actual"), color: color("Actual") },
        layer: [
          { mark: { type: "line" } },
          { mark: { type: "point", size: 30, tooltip: true }, encoding: { tooltip } },
        ],
      }),
      ...when(
        values.some((r) => r.forecast != null && r.actual == null),
        {
          // Hollow points: forecast months are estimates, not observations.
          transform: [{ filter: "isValid(datum.forecast) && !isValid(datum.actual)" }],
          mark: {
            type: "point",
            size: 30,
            filled: false,
            fill: PALETTE.background,
            strokeWidth: 2,
            opacity: 1,
            tooltip: true,
          },
          encoding: { y: money("forecast"), color: color("Forecast"), tooltip },
        },
      ),
    ],
  };
}
