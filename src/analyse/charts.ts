/**
 * The chart builders the analyses use. Each from its own module, not the
 * chart layer's index: that also exports the renderer, which loads Vega,
 * Vega-Lite and resvg (about 0.3 s of compiling before a run's first query);
 * a run draws only once its analyses are done (run/outputs.ts).
 */
export { rankingChart, countryChart, employeeChart } from "../charts/bars.js";
export { paretoChart } from "../charts/pareto.js";
export { trendChart } from "../charts/time.js";
export { quadrantChart } from "../charts/scatter.js";
