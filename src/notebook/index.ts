/**
 * What a notebook imports, as `../dist/notebook/index.js` after `npm run
 * build`: the warehouse, the analyses and models, and the helpers that
 * display their results. Notebooks hold no analysis logic; they call these
 * and explain what they show. Everything here can be `require`d (see
 * lazy.ts), which is how tslab loads it.
 */
export {
  openWarehouse,
  closeWarehouses,
  analysisContext,
  filtersOf,
  PROJECT_DATA_DIR,
  type NotebookScope,
  type OpenOptions,
} from "./warehouse.js";
export { analysis, type AnalysisParams, type NotebookAnalysis } from "./analysis.js";
export {
  runAnalyses,
  analyseOverview,
  analyseCustomers,
  analyseLocations,
  analyseProducts,
  analyseEmployees,
  analysePrediction,
  analyseSegments,
  renderSvg,
} from "./api.js";
export { analyseQuality, analyseExploration, type QualityFigures, type ExplorationFigures } from "../explore/index.js";
export { segmentCustomer, type SegmentationModel, type SegmentResult } from "../model/segmentation/model.js";
export { predictCustomerSales, type OrderHistory, type CustomerPrediction } from "../model/prediction/predict.js";
export type { PredictionModel } from "../model/prediction/model.js";
export { resolvePeriod, type Period } from "../analyse/period.js";
export { money, count, percent, growth, decimal, list, plural } from "../analyse/format.js";
export type { AnalysisContext, AnalysisResult, Chart, Table, Filters } from "../analyse/analysis.js";

export { display, showMarkdown, showHtml, type MimeBundle } from "./display.js";
export { showTable, tableHtml, tableText, type ShowTableOptions } from "./table.js";
export { showChart, drawChart, chartBundle } from "./chart.js";
export { tableOf, chartOf, showTables, showCharts, resultOf } from "./pick.js";
export { showSection, sectionOf, type ShowSectionOptions } from "./show-section.js";
export { SECTION_MIME, type Section, type SectionChart } from "./section.js";
