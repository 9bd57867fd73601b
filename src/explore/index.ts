/** Data quality and exploration: the first two notebooks, and sections of the report. */
export { analyseQuality, type QualityFigures } from "./quality.js";
export { analyseExploration, type ExplorationFigures } from "./exploration.js";
export { extractFacts } from "./extract-facts.js";
