/**
 * The one look every chart shares: palette, type and a Vega-Lite `config`.
 * The palette is exported so HTML templates and e-mails can colour headings,
 * KPI tiles and tables with exactly the same values as the charts.
 */
import type { Config } from "vega-lite";

/** System sans stack: Inter where installed, else the platform's UI font. */
export const FONT_STACK = "Inter, Segoe UI, Helvetica, Arial, sans-serif";

export const PALETTE = {
  /** Deep navy: the main series, every bar unless something is highlighted. */
  primary: "#1F3B5B",
  /** Teal: the second series, positive change. */
  secondary: "#1B8A8F",
  /** Amber: highlights and call-outs (top items, forecast, reference lines). */
  accent: "#E8892B",
  /** Negative change: a muted brick red, not alarm red. */
  negative: "#C8553D",
  /** Positive change. */
  positive: "#1B8A8F",
  /** Items that give context but are not the story. */
  context: "#C3CCD6",
  /** Zero change / unknown. */
  neutral: "#DCE1E6",
  /** Titles and data labels. */
  ink: "#1F2933",
  /** Subtitles, axis labels, notes. */
  muted: "#5F6B7A",
  /** Axis lines and reference rules. */
  axis: "#9AA5B1",
  /** Grid lines: visible only when looked for. */
  grid: "#E8ECF0",
  background: "#FFFFFF",
} as const;

/**
 * Categorical order for series and segments: navy, teal and amber first so
 * that two- and three-series charts stay on-brand, then quieter hues.
 */
export const CATEGORY_COLORS = [
  PALETTE.primary,
  PALETTE.secondary,
  PALETTE.accent,
  "#6F8FBF",
  "#9C5B7E",
  "#7FA04A",
  "#C9A227",
  "#8795A5",
] as const;

/** Default outer size in pixels: 600 fits an e-mail body and an A4 column. */
export const DEFAULT_WIDTH = 600;
export const DEFAULT_HEIGHT = 340;

export const config: Config = {
  background: PALETTE.background,
  padding: 12,
  font: FONT_STACK,
  // The outer frame of the plot is junk: axes and grid already bound it.
  view: { stroke: null },
  title: {
    anchor: "start",
    color: PALETTE.ink,
    fontSize: 16,
    fontWeight: 600,
    subtitleColor: PALETTE.muted,
    subtitleFontSize: 12,
    subtitleFontWeight: 400,
    subtitlePadding: 5,
    offset: 16,
  },
  axis: {
    labelColor: PALETTE.muted,
    labelFontSize: 11,
    labelPadding: 6,
    titleColor: PALETTE.muted,
    titleFontSize: 11,
    titleFontWeight: 400,
    titlePadding: 10,
    domain: false,
    ticks: false,
    grid: false,
    gridColor: PALETTE.grid,
    domainColor: PALETTE.axis,
    tickColor: PALETTE.axis,
  },
  // Category axes carry names, so give them ink-coloured, truncated labels.
  axisBand: { labelColor: PALETTE.ink, labelLimit: 160, labelPadding: 8 },
  axisQuantitative: { grid: true, tickCount: 5 },
  // A baseline under time and category x axes anchors the eye.
  axisXBand: { domain: true },
  axisXTemporal: { domain: true, grid: false },
  legend: {
    orient: "top",
    direction: "horizontal",
    labelColor: PALETTE.ink,
    labelFontSize: 11,
    titleColor: PALETTE.muted,
    titleFontSize: 11,
    titleFontWeight: 400,
    symbolType: "circle",
    symbolSize: 80,
    columnPadding: 14,
    padding: 0,
    offset: 12,
    labelLimit: 180,
  },
  range: { category: [...CATEGORY_COLORS] },
  // Square ends: Vega-Lite draws `cornerRadiusEnd` as one clipped group per
  // bar, which bloats the SVG and adds clip-path ids that differ per render.
  bar: { color: PALETTE.primary },
  line: { color: PALETTE.primary, strokeWidth: 2.5, strokeCap: "round", strokeJoin: "round" },
  point: { color: PALETTE.primary, filled: true, size: 45, opacity: 1 },
  area: { color: PALETTE.primary },
  rule: { color: PALETTE.axis },
  text: { color: PALETTE.ink, fontSize: 11 },
  // Vega-Lite's default 0.2 looks crowded for ranked bar lists.
  scale: { bandPaddingInner: 0.28, bandPaddingOuter: 0.15 },
};
