/**
 * `sales-insight/warehouse`: open a warehouse by URL (DuckDB, PostgreSQL or
 * SQL Server; each driver is loaded only when its URL is opened), load the
 * extracts into it, and make the analysis context the models train on.
 */
export { connect, resolveDbUrl, DEFAULT_DB_URL, UnknownDatabaseError, MissingDriverError } from "../db/connect.js";
export type { Database, Dialect, Row, SqlValue } from "../db/adapter.js";
export { loadWarehouse, type LoadOptions, type LoadSummary, type LoadProgress } from "../load/warehouse.js";
export { LoadError, type Problem } from "../load/problems.js";
export { analysisContext, type NotebookScope } from "../notebook/warehouse.js";
export { resolvePeriod, PeriodError, type Period } from "../analyse/period.js";
export type { AnalysisContext, Filters } from "../analyse/analysis.js";
