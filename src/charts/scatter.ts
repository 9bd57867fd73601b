/**
 * Point charts: the sales/margin quadrant, predicted against actual, and the
 * calibration (reliability) diagram of a classifier.
 */
import type { TopLevelSpec } from "vega-lite";
import { FORMAT, compactCurrencyExpr, formatCurrency, formatPercent } from "./format.js";
import {
  type ChartOptions,
  type Layer,
  type MarkDef,
  type PositionDef,
  type TooltipDef,
  frame,
  noDataChart,
} from "./frame.js";
import { PALETTE } from "./theme.js";

export interface QuadrantRow {
  name: string;
  sales: number;
  /** Gross margin as a share of sales, 0..1 (negative for a loss). */
  margin: number;
  /** The caller's name for the quadrant, e.g. "Invest", "Maintain", "Review". */
  quadrant: string;
}

export interface QuadrantOptions extends ChartOptions {
  salesThreshold: number;
  marginThreshold: number;
  /** Margins come from estimated costs; the subtitle says so. */
  estimated: boolean;
  /** Name this many of the largest items beside their points. Default 5. */
  labelTop?: number;
}

/**
 * Names beside points: a white halo underneath keeps them legible over
 * other points. Points right of `flipAt` (in `xField` units) get their name on
 * the left, so names near the right edge stay inside the plot.
 */
function pointLabels(rows: { x: number; label: string }[], xField: string, flipAt: number): Layer[] {
  const text = { text: { field: "label", type: "nominal" } } as const;
  const side = (left: boolean): Layer[] => {
    const mark: MarkDef = {
      type: "text",
      align: left ? "right" : "left",
      dx: left ? -7 : 7,
      baseline: "middle",
      fontSize: 10,
    };
    const filter = { filter: `datum.label !== '' && datum.${xField} ${left ? ">=" : "<"} ${flipAt}` };
    return [
      {
        transform: [filter],
        mark: { ...mark, stroke: PALETTE.background, strokeWidth: 3, strokeOpacity: 0.9 },
        encoding: text,
      },
      { transform: [filter], mark: { ...mark, color: PALETTE.ink }, encoding: text },
    ];
  };
  // Only sides that have names: an empty layer makes Vega warn about its extent.
  const named = rows.filter((r) => r.label !== "");
  return [
    ...(named.some((r) => r.x < flipAt) ? side(false) : []),
    ...(named.some((r) => r.x >= flipAt) ? side(true) : []),
  ];
}

/**
 * The `most` names to write beside their points, largest first, skipping one whose
 * label would cover a label already placed: two products of similar sales and
 * margin would otherwise print on top of each other. Boxes are estimated in
 * the plot's unit square (a name is about 1.1% of the width per character,
 * a line 5% of the height), on the side pointLabels puts them.
 */
export function separatedLabels(rows: readonly QuadrantRow[], flipAt: number, most: number): string[] {
  if (!rows.length) return [];
  const maxX = Math.max(...rows.map((r) => r.sales)) || 1;
  const ys = rows.map((r) => r.margin);
  const minY = Math.min(...ys);
  const spanY = Math.max(...ys) - minY || 1;
  const placed: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const names: string[] = [];
  for (const r of rows) {
    if (names.length >= most) break;
    const x = r.sales / maxX;
    const y = (r.margin - minY) / spanY;
    const w = r.name.length * 0.011 + 0.012;
    const box =
      r.sales >= flipAt
        ? { x0: x - w, x1: x, y0: y - 0.025, y1: y + 0.025 }
        : { x0: x, x1: x + w, y0: y - 0.025, y1: y + 0.025 };
    if (placed.some((b) => box.x0 < b.x1 && b.x0 < box.x1 && box.y0 < b.y1 && b.y0 < box.y1)) continue;
    placed.push(box);
    names.push(r.name);
  }
  return names;
}

type Corner = "top-right" | "top-left" | "bottom-right" | "bottom-left";

/** Colour per corner: strong-and-profitable navy, profitable teal, big-but-thin amber, weak grey. */
const CORNER_COLORS: Record<Corner, string> = {
  "top-right": PALETTE.primary,
  "top-left": PALETTE.secondary,
  "bottom-right": PALETTE.accent,
  "bottom-left": "#8795A5",
};
const CORNER_ORDER: Corner[] = ["top-right", "top-left", "bottom-right", "bottom-left"];

/** The corner each quadrant name sits in, by where most of its rows are. */
function cornersOf(rows: QuadrantRow[], salesThreshold: number, marginThreshold: number): Map<string, Corner> {
  const votes = new Map<string, Map<Corner, number>>();
  for (const r of rows) {
    const corner: Corner = `${r.margin >= marginThreshold ? "top" : "bottom"}-${r.sales >= salesThreshold ? "right" : "left"}`;
    const tally = votes.get(r.quadrant) ?? new Map<Corner, number>();
    tally.set(corner, (tally.get(corner) ?? 0) + 1);
    votes.set(r.quadrant, tally);
  }
  const corners = new Map<string, Corner>();
  for (const [quadrant, tally] of votes) {
    corners.set(quadrant, [...tally].sort((a, b) => b[1] - a[1])[0][0]);
  }
  return corners;
}

/**
 * Sales against margin, one point per product or customer, split by the two
 * thresholds into four quadrants that are named in their corners.
 */
export function quadrantChart(rows: QuadrantRow[], opts: QuadrantOptions): TopLevelSpec {
  const title = opts.title ?? "Sales and margin";
  const thresholds = `Lines at ${formatCurrency(opts.salesThreshold)} sales and ${formatPercent(opts.marginThreshold)} margin`;
  const subtitle = opts.subtitle ?? (opts.estimated ? `${thresholds} · margins estimated` : thresholds);
  if (rows.length === 0) return noDataChart({ ...opts, subtitle }, title);
  const corners = cornersOf(rows, opts.salesThreshold, opts.marginThreshold);
  const quadrants = [...corners].sort((a, b) => CORNER_ORDER.indexOf(a[1]) - CORNER_ORDER.indexOf(b[1]));
  const labelled = new Set(
    separatedLabels(
      [...rows].sort((a, b) => b.sales - a.sales),
      Math.max(...rows.map((r) => r.sales)) * 0.6,
      opts.labelTop ?? 5,
    ),
  );
  const values = rows.map((r) => ({ ...r, label: labelled.has(r.name) ? r.name : "" }));
  const x: PositionDef = {
    field: "sales",
    type: "quantitative",
    title: "Sales",
    scale: { domainMin: 0 },
    axis: { labelExpr: compactCurrencyExpr() },
  };
  const y: PositionDef = { field: "margin", type: "quantitative", title: "Margin", axis: { format: FORMAT.percent } };
  // A name placed in each occupied corner, one data row per corner.
  const cornerLabels = quadrants.map(([quadrant, corner]): Layer => ({
    data: { values: [{ quadrant }] },
    mark: {
      type: "text",
      text: quadrant,
      fontWeight: 600,
      fontSize: 12,
      color: CORNER_COLORS[corner],
      x: corner.endsWith("right") ? "width" : 0,
      y: corner.startsWith("top") ? 0 : "height",
      align: corner.endsWith("right") ? "right" : "left",
      baseline: corner.startsWith("top") ? "top" : "bottom",
      dx: corner.endsWith("right") ? -4 : 4,
      dy: corner.startsWith("top") ? 2 : -4,
    },
  }));
  return {
    ...frame(opts, { title, subtitle, height: 400 }),
    layer: [
      {
        data: { values: [{ sales: opts.salesThreshold, margin: opts.marginThreshold }] },
        layer: [
          { mark: { type: "rule", strokeDash: [4, 4], color: PALETTE.axis }, encoding: { x } },
          { mark: { type: "rule", strokeDash: [4, 4], color: PALETTE.axis }, encoding: { y } },
        ],
      },
      ...cornerLabels,
      {
        data: { values },
        encoding: { x, y },
        layer: [
          {
            mark: {
              type: "circle",
              size: 70,
              opacity: 0.85,
              stroke: PALETTE.background,
              strokeWidth: 1,
              tooltip: true,
            },
            encoding: {
              color: {
                field: "quadrant",
                type: "nominal",
                scale: { domain: quadrants.map(([q]) => q), range: quadrants.map(([, c]) => CORNER_COLORS[c]) },
                legend: { title: null, orient: "bottom", direction: "horizontal" },
              },
              tooltip: [
                { field: "name", type: "nominal", title: "Name" },
                { field: "quadrant", type: "nominal", title: "Quadrant" },
                { field: "sales", type: "quantitative", title: "Sales", format: FORMAT.currency },
                {
                  field: "margin",
                  type: "quantitative",
                  title: opts.estimated ? "Margin (est.)" : "Margin",
                  format: FORMAT.percentPrecise,
                },
              ],
            },
          },
          ...pointLabels(
            values.map((v) => ({ x: v.sales, label: v.label })),
            "sales",
            Math.max(...rows.map((r) => r.sales)) * 0.6,
          ),
        ],
      },
    ],
  };
}

export interface ScatterRow {
  x: number;
  y: number;
  label?: string;
}

export interface ScatterOptions extends ChartOptions {
  xTitle?: string;
  yTitle?: string;
  /** How both axes read. Default "currency". */
  format?: "currency" | "percent" | "number";
  /** Draw the y = x line. Default true. */
  identity?: boolean;
}

function axisFormat(format: ScatterOptions["format"]) {
  if (format === "percent") return { format: FORMAT.percent };
  if (format === "number") return {};
  return { labelExpr: compactCurrencyExpr() };
}

/** Points of (x, y), e.g. predicted against actual, with the y = x line. */
export function scatterChart(rows: ScatterRow[], opts: ScatterOptions = {}): TopLevelSpec {
  const title = opts.title ?? "Predicted vs actual";
  const identity = opts.identity ?? true;
  const subtitle = identity ? "Points on the dashed line are exact" : undefined;
  if (rows.length === 0) return noDataChart(opts, title);
  const tooltipFormat =
    opts.format === "percent" ? FORMAT.percentPrecise : opts.format === "number" ? ",.2~f" : FORMAT.currency;
  const all = rows.flatMap((r) => [r.x, r.y]);
  const lo = Math.min(0, ...all);
  const hi = Math.max(...all);
  const xTitle = opts.xTitle ?? "Predicted";
  const yTitle = opts.yTitle ?? "Actual";
  const x: PositionDef = { field: "x", type: "quantitative", title: xTitle, axis: axisFormat(opts.format) };
  const y: PositionDef = { field: "y", type: "quantitative", title: yTitle, axis: axisFormat(opts.format) };
  return {
    ...frame(opts, { title, subtitle, height: 400 }),
    layer: [
      ...(identity
        ? [
            {
              data: {
                values: [
                  { x: lo, y: lo },
                  { x: hi, y: hi },
                ],
              },
              mark: { type: "line", strokeDash: [5, 4], strokeWidth: 1.5, color: PALETTE.axis },
              encoding: { x, y },
            } satisfies Layer,
          ]
        : []),
      {
        data: { values: rows.map((r) => ({ ...r, label: r.label ?? "" })) },
        encoding: { x, y },
        layer: [
          {
            mark: { type: "circle", size: 55, opacity: 0.75, color: PALETTE.primary, tooltip: true },
            encoding: {
              tooltip: [
                ...(rows.some((r) => r.label)
                  ? ([{ field: "label", type: "nominal", title: "Name" }] satisfies TooltipDef[])
                  : []),
                { field: "x", type: "quantitative", title: xTitle, format: tooltipFormat },
                { field: "y", type: "quantitative", title: yTitle, format: tooltipFormat },
              ],
            },
          },
          ...pointLabels(
            rows.map((r) => ({ x: r.x, label: r.label ?? "" })),
            "x",
            Math.max(...rows.map((r) => r.x)) * 0.6,
          ),
        ],
      },
    ],
  };
}

export interface CalibrationRow {
  /** Mean predicted probability in the bin, 0..1. */
  predicted: number;
  /** Observed rate in the bin, 0..1. */
  observed: number;
  /** Cases in the bin. */
  count: number;
}

/** Reliability diagram: observed rate against predicted probability, per bin. */
export function calibrationChart(rows: CalibrationRow[], opts: ChartOptions = {}): TopLevelSpec {
  const title = opts.title ?? "Model calibration";
  const subtitle = "Dashed line: perfect calibration · point size: cases in the bin";
  if (rows.length === 0) return noDataChart(opts, title);
  const share = (field: string, title: string): PositionDef => ({
    field,
    title,
    type: "quantitative",
    scale: { domain: [0, 1], nice: false },
    axis: { format: FORMAT.percent, values: [0, 0.25, 0.5, 0.75, 1] },
  });
  const x = share("predicted", "Predicted probability");
  const y = share("observed", "Observed rate");
  return {
    ...frame(opts, { title, subtitle, height: 440 }),
    layer: [
      {
        data: {
          values: [
            { predicted: 0, observed: 0 },
            { predicted: 1, observed: 1 },
          ],
        },
        mark: { type: "line", strokeDash: [5, 4], strokeWidth: 1.5, color: PALETTE.axis },
        encoding: { x, y },
      },
      {
        data: { values: [...rows].sort((a, b) => a.predicted - b.predicted) },
        encoding: { x, y },
        layer: [
          { mark: { type: "line", color: PALETTE.secondary, strokeWidth: 2 } },
          {
            mark: {
              type: "circle",
              color: PALETTE.secondary,
              opacity: 1,
              stroke: PALETTE.background,
              strokeWidth: 1.5,
              tooltip: true,
            },
            encoding: {
              size: { field: "count", type: "quantitative", scale: { range: [40, 360], zero: true }, legend: null },
              tooltip: [
                { field: "predicted", type: "quantitative", title: "Predicted", format: FORMAT.percentPrecise },
                { field: "observed", type: "quantitative", title: "Observed", format: FORMAT.percentPrecise },
                { field: "count", type: "quantitative", title: "Cases", format: FORMAT.integer },
              ],
            },
          },
        ],
      },
    ],
  };
}
