/**
 * The chart layer: builders turn plain rows into Vega-Lite specs in the house
 * style; `renderSvg` / `renderPng` draw them without a browser; `withSchema`
 * prepares them for Jupyter.
 */
export { PALETTE, CATEGORY_COLORS, FONT_STACK, DEFAULT_WIDTH, DEFAULT_HEIGHT, config } from "./theme.js";
export {
  FORMAT,
  formatCurrency,
  formatGrowth,
  formatInteger,
  formatNumber,
  formatPercent,
  compactCurrencyExpr,
} from "./format.js";
export { type ChartOptions, NO_DATA_TEXT } from "./frame.js";

export {
  rankingChart,
  countryChart,
  employeeChart,
  segmentChart,
  growthClass,
  GROWTH_CLASSES,
  type RankingOptions,
  type CountryRow,
  type EmployeeRow,
  type SegmentRow,
} from "./bars.js";
export { paretoChart, type ParetoRow, type ParetoOptions } from "./pareto.js";
export { trendChart, forecastChart, type TrendRow, type ForecastRow } from "./time.js";
export {
  quadrantChart,
  scatterChart,
  calibrationChart,
  type QuadrantRow,
  type QuadrantOptions,
  type ScatterRow,
  type ScatterOptions,
  type CalibrationRow,
} from "./scatter.js";
export { histogramChart, type HistogramOptions } from "./histogram.js";

export { renderSvg, renderPng, slug, chartId, pngSansFamily, type SvgOptions, type PngOptions } from "./render.js";
export { withSchema, mimeBundle, VEGA_LITE_SCHEMA, VEGA_LITE_MIME } from "./schema.js";
export { measureText } from "./text-metrics.js";
