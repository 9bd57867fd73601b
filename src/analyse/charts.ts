/**
 * The chart builders and renderer the analyses use, from the chart layer's
 * one entry point.
 */
export {
  rankingChart,
  countryChart,
  employeeChart,
  paretoChart,
  trendChart,
  quadrantChart,
  renderSvg,
} from "../charts/index.js";
