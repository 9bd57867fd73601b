/**
 * Horizontal bar charts: rankings of customers, products, countries and
 * employees. Bars are labelled with their values, so they have no value axis.
 */
import type { TopLevelSpec } from "vega-lite";
import { FORMAT, formatCurrency, formatGrowth, formatInteger, formatPercent } from "./format.js";
import {
  type ChartOptions,
  type ColorDef,
  type Layer,
  type PositionDef,
  type TooltipDef,
  frame,
  noDataChart,
} from "./frame.js";
import { BAND_LABEL_LIMIT, LABEL_GAP, labelledDomain, plotWidth } from "./layout.js";
import { measureText } from "./text-metrics.js";
import { PALETTE } from "./theme.js";

/** Height of one bar row in pixels. */
const ROW_STEP = 26;

/** A row of a labelled bar chart, after sorting and formatting. */
interface BarRow {
  name: string;
  value: number;
  rank: number;
  label: string;
  [extra: string]: string | number | null;
}

/** Layers shared by every horizontal bar chart: bars, and labels at their ends. */
function barLayers(
  bars: BarRow[],
  domain: [number, number],
  color: ColorDef,
  valueTitle: string,
  tooltip: TooltipDef[],
): Layer[] {
  const y = yAxis(bars.map((b) => b.name));
  const x: PositionDef = {
    field: "value",
    type: "quantitative",
    scale: { domain, nice: false, zero: true },
    axis: null,
  };
  const label = (negative: boolean): Layer => ({
    transform: [{ filter: negative ? "datum.value < 0" : "datum.value >= 0" }],
    mark: {
      type: "text",
      align: negative ? "right" : "left",
      dx: negative ? -LABEL_GAP : LABEL_GAP,
      baseline: "middle",
    },
    encoding: { x, y, text: { field: "label", type: "nominal" } },
  });
  const negatives = bars.some((b) => b.value < 0);
  return [
    // With losses in the list, a zero line shows where bars start.
    ...(negatives
      ? [
          {
            // Own one-row data (a datum def trips Vega-Lite's axis-title merge).
            data: { values: [{ value: 0 }] },
            mark: { type: "rule", color: PALETTE.axis },
            encoding: { x },
          } satisfies Layer,
        ]
      : []),
    {
      mark: { type: "bar", tooltip: true },
      encoding: {
        x: { ...x, title: valueTitle },
        y,
        color,
        tooltip,
      },
    },
    label(false),
    // Labels of negative bars go on their left; the layer exists only when needed.
    ...(negatives ? [label(true)] : []),
  ];
}

function yAxis(names: string[]): PositionDef {
  return {
    field: "name",
    type: "nominal",
    // Rows arrive sorted; keep that order rather than alphabetical.
    sort: names,
    title: null,
    axis: { labelLimit: BAND_LABEL_LIMIT },
  };
}

export interface RankingOptions extends ChartOptions {
  /** How many rows to show, largest first. Default 10. */
  top?: number;
  /** Colour the first `highlight` bars with the accent, the rest navy. */
  highlight?: number;
  /** How values read: money (default) or plain counts. */
  format?: "currency" | "integer";
  /** Name of the measure, for tooltips. Default "Sales". */
  valueTitle?: string;
}

/** Ranked horizontal bars, largest first, each labelled with its value. Names should be unique. */
export function rankingChart(rows: { name: string; value: number }[], opts: RankingOptions = {}): TopLevelSpec {
  const title = opts.title ?? `Top ${opts.top ?? 10}`;
  if (rows.length === 0) return noDataChart(opts, title);
  const fmt = opts.format === "integer" ? formatInteger : formatCurrency;
  const top = [...rows].sort((a, b) => b.value - a.value).slice(0, opts.top ?? 10);
  const bars: BarRow[] = top.map((r, i) => ({ name: r.name, value: r.value, rank: i + 1, label: fmt(r.value) }));
  const names = bars.map((b) => b.name);
  const domain = labelledDomain(bars, plotWidth(names, opts.width));
  const k = opts.highlight ?? 0;
  // Losses are red whatever their rank; then the top k in amber.
  const color: ColorDef = {
    condition: [
      { test: "datum.value < 0", value: PALETTE.negative },
      ...(k > 0 ? [{ test: `datum.rank <= ${k}`, value: PALETTE.accent }] : []),
    ],
    value: PALETTE.primary,
  };
  const valueTitle = opts.valueTitle ?? "Sales";
  return {
    ...frame(opts, { title, fitY: opts.height !== undefined }),
    ...(opts.height === undefined ? { height: { step: ROW_STEP } } : {}),
    data: { values: bars },
    layer: barLayers(bars, domain, color, valueTitle, [
      { field: "name", type: "nominal", title: "Name" },
      {
        field: "value",
        type: "quantitative",
        title: valueTitle,
        format: opts.format === "integer" ? FORMAT.integer : FORMAT.currency,
      },
    ]),
  };
}

export interface CountryRow {
  country: string;
  sales: number;
  /** Change against the previous period as a share (0.12 = +12%); null when unknown. */
  growth?: number | null;
}

/**
 * Growth classes, strongest rise to strongest fall. Discrete classes rather
 * than a continuous scale: near-zero growth would otherwise give near-white
 * bars, and nulls (no prior period) stay out of continuous scales, where
 * Vega-Lite 5 and 6 treat them differently.
 */
export const GROWTH_CLASSES = [
  { label: "Up 10%+", color: PALETTE.positive, test: (g: number) => g >= 0.1 },
  { label: "Up 0–10%", color: "#84C2C4", test: (g: number) => g >= 0 },
  { label: "Down 0–10%", color: "#E6A594", test: (g: number) => g > -0.1 },
  { label: "Down 10%+", color: PALETTE.negative, test: () => true },
] as const;
const NO_GROWTH = { label: "No prior period", color: PALETTE.context } as const;

export function growthClass(growth: number | null | undefined): { label: string; color: string } {
  if (growth == null || !Number.isFinite(growth)) return NO_GROWTH;
  return GROWTH_CLASSES.find((c) => c.test(growth)) ?? NO_GROWTH;
}

/**
 * Sales by country as ranked bars (no map: maps need topojson from the
 * network). With growth, bars are coloured by growth class and labels read
 * "$69,612 · +12%".
 */
export function countryChart(rows: CountryRow[], opts: ChartOptions & { top?: number } = {}): TopLevelSpec {
  const title = opts.title ?? "Sales by country";
  if (rows.length === 0) return noDataChart(opts, title);
  const top = [...rows].sort((a, b) => b.sales - a.sales).slice(0, opts.top ?? 25);
  const hasGrowth = top.some((r) => r.growth != null && Number.isFinite(r.growth));
  const bars: BarRow[] = top.map((r, i) => ({
    name: r.country,
    value: r.sales,
    rank: i + 1,
    growth: r.growth ?? null,
    trend: growthClass(r.growth).label,
    label:
      hasGrowth && r.growth != null
        ? `${formatCurrency(r.sales)} · ${formatGrowth(r.growth)}`
        : formatCurrency(r.sales),
  }));
  const names = bars.map((b) => b.name);
  const domain = labelledDomain(bars, plotWidth(names, opts.width));
  // Only the classes present, so the legend lists no empty categories.
  const classes = [...GROWTH_CLASSES, NO_GROWTH].filter((c) => bars.some((b) => b.trend === c.label));
  const color: ColorDef = hasGrowth
    ? {
        field: "trend",
        type: "nominal",
        title: null,
        scale: { domain: classes.map((c) => c.label), range: classes.map((c) => c.color) },
        legend: { symbolType: "square" },
      }
    : { value: PALETTE.primary };
  return {
    ...frame(opts, {
      title,
      subtitle: hasGrowth ? "Colour shows growth against the previous period" : undefined,
      fitY: opts.height !== undefined,
    }),
    ...(opts.height === undefined ? { height: { step: ROW_STEP } } : {}),
    data: { values: bars },
    layer: barLayers(bars, domain, color, "Sales", [
      { field: "name", type: "nominal", title: "Country" },
      { field: "value", type: "quantitative", title: "Sales", format: FORMAT.currency },
      ...(hasGrowth
        ? ([{ field: "growth", type: "quantitative", title: "Growth", format: FORMAT.growth }] satisfies TooltipDef[])
        : []),
    ]),
  };
}

export interface EmployeeRow {
  name: string;
  sales: number;
  orders: number;
  customers: number;
}

/** Employees drawn at most; the ranking table and figures.json list them all. */
const EMPLOYEES_SHOWN = 25;

/**
 * Sales per employee as ranked bars, with a quiet right-hand column of
 * orders and customers so volume can be read beside value.
 */
export function employeeChart(rows: EmployeeRow[], opts: ChartOptions & { top?: number } = {}): TopLevelSpec {
  const title = opts.title ?? "Sales by employee";
  if (rows.length === 0) return noDataChart(opts, title);
  // A thousand bars read as nothing (and their sort order compiles to an expression too deep for Vega).
  const top = opts.top ?? EMPLOYEES_SHOWN;
  const sorted = [...rows].sort((a, b) => b.sales - a.sales).slice(0, top);
  const bars: BarRow[] = sorted.map((r, i) => ({
    name: r.name,
    value: r.sales,
    rank: i + 1,
    orders: r.orders,
    customers: r.customers,
    label: formatCurrency(r.sales),
    volume: `${plural(r.orders, "order")} · ${plural(r.customers, "customer")}`,
  }));
  const names = bars.map((b) => b.name);
  const column = Math.max(...bars.map((b) => measureText(String(b.volume), 11))) + 16;
  const domain = labelledDomain(bars, plotWidth(names, opts.width, column));
  // The plot spans the column too, so stretch the domain by the column's share.
  const plot = plotWidth(names, opts.width);
  const stretched: [number, number] = [domain[0], domain[0] + ((domain[1] - domain[0]) * plot) / (plot - column)];
  return {
    ...frame(opts, {
      title,
      subtitle:
        rows.length > top
          ? `The ${top} with the most sales of ${formatInteger(rows.length)} employees, with orders taken and customers served`
          : "With orders taken and customers served",
      fitY: opts.height !== undefined,
    }),
    ...(opts.height === undefined ? { height: { step: ROW_STEP + 4 } } : {}),
    data: { values: bars },
    layer: [
      ...barLayers(bars, stretched, { value: PALETTE.primary }, "Sales", [
        { field: "name", type: "nominal", title: "Employee" },
        { field: "value", type: "quantitative", title: "Sales", format: FORMAT.currency },
        { field: "orders", type: "quantitative", title: "Orders", format: FORMAT.integer },
        { field: "customers", type: "quantitative", title: "Customers", format: FORMAT.integer },
      ]),
      {
        mark: { type: "text", align: "right", baseline: "middle", color: PALETTE.muted },
        encoding: { x: { value: "width" }, y: yAxis(names), text: { field: "volume", type: "nominal" } },
      },
    ],
  };
}

function plural(n: number, word: string): string {
  return `${formatInteger(n)} ${word}${n === 1 ? "" : "s"}`;
}

export interface SegmentRow {
  segment: string;
  customers: number;
  /** The segment's share of sales, 0..1. */
  sales_share: number;
}

/**
 * Each segment's share of customers beside its share of sales: the gap
 * between the two bars is the story ("12% of customers bring 48% of sales").
 */
export function segmentChart(rows: SegmentRow[], opts: ChartOptions = {}): TopLevelSpec {
  const title = opts.title ?? "Customer segments";
  if (rows.length === 0) return noDataChart(opts, title);
  const total = rows.reduce((s, r) => s + r.customers, 0) || 1;
  const sorted = [...rows].sort((a, b) => b.sales_share - a.sales_share);
  const CUSTOMERS = "Share of customers";
  const SALES = "Share of sales";
  const bars: BarRow[] = sorted.flatMap((r, i) => [
    {
      name: r.segment,
      measure: CUSTOMERS,
      value: r.customers / total,
      rank: i + 1,
      label: formatPercent(r.customers / total),
      count: r.customers,
    },
    {
      name: r.segment,
      measure: SALES,
      value: r.sales_share,
      rank: i + 1,
      label: formatPercent(r.sales_share),
      count: r.customers,
    },
  ]);
  const names = sorted.map((r) => r.segment);
  const domain = labelledDomain(bars, plotWidth(names, opts.width));
  const x: PositionDef = { field: "value", type: "quantitative", scale: { domain, nice: false }, axis: null };
  const offset: PositionDef = {
    field: "measure",
    type: "nominal",
    sort: [CUSTOMERS, SALES],
    scale: { paddingInner: 0.12 },
  };
  const lead = sorted[0];
  return {
    ...frame(opts, {
      title,
      subtitle: `${lead.segment}: ${formatPercent(lead.customers / total)} of customers, ${formatPercent(lead.sales_share)} of sales`,
      fitY: opts.height !== undefined,
    }),
    ...(opts.height === undefined ? { height: { step: 18 } } : {}),
    data: { values: bars },
    encoding: { y: yAxis(names), yOffset: offset },
    layer: [
      {
        mark: { type: "bar", tooltip: true },
        encoding: {
          x,
          color: {
            field: "measure",
            type: "nominal",
            title: null,
            scale: { domain: [CUSTOMERS, SALES], range: [PALETTE.context, PALETTE.primary] },
            legend: { symbolType: "square" },
          },
          tooltip: [
            { field: "name", type: "nominal", title: "Segment" },
            { field: "count", type: "quantitative", title: "Customers", format: FORMAT.integer },
            { field: "measure", type: "nominal", title: "Measure" },
            { field: "value", type: "quantitative", title: "Share", format: FORMAT.percentPrecise },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: LABEL_GAP, baseline: "middle" },
        encoding: { x, text: { field: "label", type: "nominal" } },
      },
    ],
  };
}
