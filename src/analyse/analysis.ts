import { parameterNames, type Database, type ResultColumns, type Row, type SqlValue } from "../db/adapter.js";
import { queryColumns } from "../db/columns.js";
import { sqlFile } from "../db/sql.js";
import type { Commentary } from "./commentary/commentary.js";
import type { Period } from "./period.js";
import { trace, traceStart } from "../trace.js";

/**
 * The contract every analysis follows — customers, locations, products,
 * employees, segments, prediction — so the analyse command, the notebooks,
 * the report and the API run them the same way and show the same figures.
 */

export interface Filters {
  country?: string;
  category?: string;
}

export interface AnalysisContext {
  db: Database;
  /** Runs `sql/` templates and logs them for the appendix; prefer it to `db.query`. */
  sql: QueryRunner;
  period: Period;
  filters: Filters;
  /** Where the extracts live (for optional inputs such as ProductCosts.csv). */
  dataDir: string;
}

/** A chart as a Vega-Lite spec (typed loosely here so notebooks need not resolve vega-lite's types). */
export interface Chart {
  /** File-name-safe id, e.g. `customers-pareto`. */
  id: string;
  title: string;
  spec: object;
}

/** A table for people: the notebook, the report and the e-mail render it the same way. */
export interface Table {
  id: string;
  title: string;
  columns: {
    key: string;
    label: string;
    format?: "money" | "count" | "percent" | "growth" | "decimal" | "date" | "text";
  }[];
  rows: Record<string, string | number | null>[];
  /** Rows shown in the report when there are more (all rows go to figures.json). */
  limit?: number;
}

/** A query that produced figures, for the report's appendix. */
export interface QueryRecord {
  name: string;
  sql: string;
  params: Record<string, SqlValue>;
  rows: number;
}

export interface AnalysisResult<F = unknown> {
  /** Key in figures.json: customers, locations, products, employees, segments, prediction. */
  key: string;
  title: string;
  figures: F;
  /** Finding, evidence with numbers, recommendation, caveats; Markdown only at the edges (commentaryMarkdown). */
  commentary: Commentary;
  charts: Chart[];
  /** The tables a reader needs to check the commentary. */
  tables: Table[];
  /** More top-level keys for figures.json (e.g. `segmentation` beside the `segments` array). */
  extraFigures?: Record<string, unknown>;
  /** Saved as models/<name>.json in the output folder. */
  models?: Record<string, unknown>;
  /**
   * Every customer's own answer (tier, segment, prediction), column by
   * column, for the Power BI extract: figures.json lists only the largest.
   * Not written to figures.json nor to the results file.
   */
  perCustomer?: PerCustomer;
}

/** One value per customer in each column, in the order of `customer_id`; no object per customer. */
export interface PerCustomer {
  customer_id: ArrayLike<number>;
  columns: Record<string, ArrayLike<string | number | null>>;
}

/**
 * Runs a named template from `sql/` with parameters and records it, so every
 * figure can be traced to its SQL and row count.
 */
export class QueryRunner {
  readonly log: QueryRecord[] = [];

  constructor(readonly db: Database) {}

  async run<T extends Row = Row>(
    name: string,
    params: Record<string, SqlValue> = {},
    context: object = {},
  ): Promise<T[]> {
    const { result } = await this.record(
      name,
      params,
      context,
      (sql, used) => this.db.query<T>(sql, used),
      (rows) => rows.length,
    );
    return result;
  }

  /** The same, with the result by column: for a million customers, a few arrays instead of a million objects. */
  async columns(name: string, params: Record<string, SqlValue> = {}, context: object = {}): Promise<ResultColumns> {
    return (await this.recordedColumns(name, params, context)).result;
  }

  /** `columns`, with the record it logged: whoever hands the result on to a later reader logs it again (`reuse`). */
  recordedColumns(
    name: string,
    params: Record<string, SqlValue> = {},
    context: object = {},
  ): Promise<{ result: ResultColumns; record: QueryRecord }> {
    return this.record(
      name,
      params,
      context,
      (sql, used) => queryColumns(this.db, sql, used),
      (result) => result.rows,
    );
  }

  /**
   * Logs again a query whose result a later reader uses: the figures it made
   * trace to it too. The log then holds the record twice; a run lists each
   * query once (runAnalyses).
   */
  reuse(record: QueryRecord): void {
    this.log.push(record);
  }

  private async record<R>(
    name: string,
    params: Record<string, SqlValue>,
    context: object,
    query: (sql: string, used: Record<string, SqlValue>) => Promise<R>,
    count: (result: R) => number,
  ): Promise<{ result: R; record: QueryRecord }> {
    const sql = sqlFile(name, this.db.dialect, context);
    // Callers may pass one parameter set to every query; `{{#if}}` blocks decide
    // which the SQL names, and DuckDB refuses parameters a statement does not use.
    const used = Object.fromEntries(
      parameterNames(sql)
        .filter((p) => p in params)
        .map((p) => [p, params[p]]),
    );
    const started = traceStart();
    const result = await query(sql, used);
    const record = { name, sql, params: used, rows: count(result) };
    this.log.push(record);
    trace(`query ${name} (${record.rows} rows)`, started);
    return { result, record };
  }
}
