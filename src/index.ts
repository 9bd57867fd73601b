/**
 * The package's public API, for engineers: load a warehouse, resolve a
 * period, run the analyses, segment and predict, draw charts. Everything here
 * is the same code the CLI, the notebooks and the report run, so any caller
 * gets the same figures. (Notebooks import src/notebook/index.ts instead: the
 * same functions plus display helpers, in a form tslab can `require`.)
 */

// Warehouse
export { connect, resolveDbUrl, DEFAULT_DB_URL, UnknownDatabaseError } from "./db/connect.js";
export type { Database, Dialect, Row, SqlValue } from "./db/adapter.js";
export { sqlFile, renderSql } from "./db/sql.js";
export { loadWarehouse, type LoadOptions, type LoadSummary } from "./load/warehouse.js";
export {
  scrapeSite,
  ScrapeError,
  RefusedError,
  ScrapeOptionError,
  type ScrapeOptions,
  type ScrapeManifest,
} from "./scrape/index.js";
export {
  openWarehouse,
  closeWarehouses,
  analysisContext,
  filtersOf,
  type NotebookScope,
} from "./notebook/warehouse.js";

// Periods, formats and the analysis contract
export { resolvePeriod, monthsOf, splitPeriod, lastDay, PeriodError, type Period } from "./analyse/period.js";
export { money, count, percent, growth, decimal, list, plural } from "./analyse/format.js";
export {
  QueryRunner,
  type AnalysisContext,
  type AnalysisResult,
  type Chart,
  type Filters,
  type QueryRecord,
  type Table,
} from "./analyse/analysis.js";
export { formatCell, formattedRows } from "./analyse/tables.js";
export { resolveFilters, FilterError } from "./analyse/filters.js";

// The analyses
export { runAnalyses, type AnalysisRun, type RunOptions, type Headline } from "./run/index.js";
export {
  analyses,
  findAnalysis,
  managementAnalyses,
  registerAnalysis,
  type Analysis,
  type AnalysisEntry,
} from "./run/registry.js";
export { analyseOverview } from "./analyses/overview/overview.js";
export { analyseCustomers } from "./analyses/customers/customers.js";
export { analyseLocations } from "./analyses/locations/locations.js";
export { analyseProducts } from "./analyses/products/products.js";
export { analyseEmployees } from "./analyses/employees/employees.js";

// Models
export {
  analyseSegments,
  segmentAll,
  segmentCustomer,
  SegmentInputError,
  type SegmentationModel,
  type SegmentInput,
  type SegmentResult,
} from "./model/segmentation/index.js";
export {
  analysePrediction,
  predictCustomerSales,
  PredictionInputError,
  type PredictionModel,
  type OrderHistory,
  type CustomerPrediction,
} from "./model/prediction/index.js";

// Exploration and data quality
export { analyseQuality, analyseExploration, extractFacts } from "./explore/index.js";

// Charts
export * as charts from "./charts/index.js";
export { renderSvg, renderPng } from "./charts/render.js";

// The HTTP API
export { buildServer, type ServerOptions, type Server } from "./api/server.js";
