/**
 * Histogram of one measure (order values, days between orders...), with the
 * median marked: for skewed sales data the median is the honest "typical".
 */
import type { TopLevelSpec } from "vega-lite";
import { FORMAT, compactCurrencyExpr, formatCurrency, formatInteger, formatNumber } from "./format.js";
import { type ChartOptions, type PositionDef, frame, noDataChart } from "./frame.js";
import { PALETTE } from "./theme.js";

export interface HistogramOptions extends ChartOptions {
  /** Axis title for the measure. Default "Order value". */
  xTitle?: string;
  /** Upper bound on the number of bins. Default 30. */
  maxbins?: number;
  /** How values read. Default "currency". */
  format?: "currency" | "number";
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function histogramChart(input: number[], opts: HistogramOptions = {}): TopLevelSpec {
  const title = opts.title ?? "Distribution of order values";
  const values = input.filter(Number.isFinite);
  if (values.length === 0) return noDataChart(opts, title);
  const money = (opts.format ?? "currency") === "currency";
  const fmt = money ? formatCurrency : formatNumber;
  const mid = median(values);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  // Binning needs a range; give a single repeated value a unit-wide one.
  const extent: [number, number] =
    lo === hi ? [lo - Math.max(1, Math.abs(lo) * 0.1), hi + Math.max(1, Math.abs(hi) * 0.1)] : [lo, hi];
  const xTitle = opts.xTitle ?? "Order value";
  // Label to the right of the rule unless that would run off the chart.
  const right = (mid - lo) / (hi - lo || 1) < 0.7;
  const bin = { maxbins: opts.maxbins ?? 30, extent };
  const x: PositionDef = {
    field: "value",
    type: "quantitative",
    bin,
    title: xTitle,
    axis: { ...(money ? { labelExpr: compactCurrencyExpr() } : {}), domain: true, grid: false },
  };
  return {
    ...frame(opts, {
      title,
      subtitle: `${formatInteger(values.length)} ${values.length === 1 ? "value" : "values"} · median ${fmt(mid)}`,
    }),
    layer: [
      {
        data: { values: values.map((value) => ({ value })) },
        mark: { type: "bar", color: PALETTE.primary, tooltip: true },
        encoding: {
          x,
          y: {
            aggregate: "count",
            type: "quantitative",
            title: null,
            axis: { format: FORMAT.integer, tickMinStep: 1 },
          },
          tooltip: [
            { field: "value", type: "quantitative", bin, title: xTitle, format: money ? FORMAT.currency : ",.1~f" },
            { aggregate: "count", type: "quantitative", title: "Count" },
          ],
        },
      },
      {
        data: { values: [{ value: mid, label: `Median ${fmt(mid)}` }] },
        encoding: { x: { field: "value", type: "quantitative" } },
        layer: [
          { mark: { type: "rule", color: PALETTE.accent, strokeWidth: 2 } },
          {
            mark: {
              type: "text",
              align: right ? "left" : "right",
              baseline: "top",
              dx: right ? 5 : -5,
              y: 0,
              color: PALETTE.accent,
              fontWeight: 600,
            },
            encoding: { text: { field: "label", type: "nominal" } },
          },
        ],
      },
    ],
  };
}
