/** Data quality and exploration: the first two notebooks, and sections of the report. */
export { analyseQuality, qualityFigures, qualityCommentary, type QualityFigures } from "./quality.js";
export {
  analyseExploration,
  explorationFigures,
  explorationCommentary,
  niceStep,
  SEASONALITY_MONTHS,
  type ExplorationFigures,
  type OrderValueStats,
} from "./exploration.js";
export { extractFacts, fileFacts, type FileFacts } from "./extract-facts.js";
export { columnChart, type ColumnRow, type ColumnOptions } from "./charts.js";
