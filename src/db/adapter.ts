/**
 * The one interface every warehouse backend implements. Analyses, loaders and
 * the API only ever see a `Database`; the dialect tells SQL templates which
 * flavour to render.
 */

export type Dialect = "duckdb" | "postgres" | "tsql";

/**
 * The `default` of a switch over the dialects: it compiles only when every
 * dialect has its case, so a new backend cannot silently take another's path.
 */
export function unknownDialect(dialect: never): never {
  throw new Error(`Unknown SQL dialect: ${String(dialect)}`);
}

/** Values that can be bound as query parameters or bulk-inserted. */
export type SqlValue = string | number | boolean | null;

/** Column types of the warehouse tables, mapped to each dialect's own. */
export type ColumnType = "integer" | "money" | "decimal" | "text" | "date";

export interface Column {
  name: string;
  type: ColumnType;
  nullable?: boolean;
}

/**
 * A result row. Backends normalise values so that every dialect returns the
 * same JavaScript: numbers (integers, decimals, counts and sums) as `number`,
 * dates as ISO `YYYY-MM-DD` strings, text as `string`, SQL NULL as `null`.
 */
export type Row = Record<string, string | number | boolean | null>;

/**
 * A result by column: one array per column name, `rows` long, values
 * normalised as in `Row`; a backend may give a numeric column as a
 * Float64Array, NaN for SQL NULL. A million customers cost a few arrays
 * instead of a million objects (read them with `column` and `numbers`,
 * columns.ts).
 */
export interface ResultColumns {
  rows: number;
  columns: Record<string, Row[string][] | Float64Array>;
}

export interface Database {
  readonly dialect: Dialect;
  /** The connection URL with any password masked, for messages and manifests. */
  readonly label: string;
  /**
   * Runs one statement and returns its rows. Parameters are written `$name`
   * in the SQL and passed by name; each backend binds them natively.
   */
  query<T extends Row = Row>(sql: string, params?: Record<string, SqlValue>): Promise<T[]>;
  /**
   * Runs one statement and returns its result by column. Optional: a backend
   * that reads by row anyway leaves it out, and `queryColumns` (columns.ts)
   * turns its rows into columns.
   */
  queryColumns?(sql: string, params?: Record<string, SqlValue>): Promise<ResultColumns>;
  /** Runs statements that return nothing (DDL, DML). Several may be separated by `;`. */
  exec(sql: string): Promise<void>;
  /** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
  transaction<T>(work: (db: Database) => Promise<T>): Promise<T>;
  /** Appends rows to an existing table as fast as the backend allows. Returns the row count. */
  bulkInsert(table: string, columns: readonly Column[], rows: AsyncIterable<SqlValue[][]>): Promise<number>;
  /** True when the table or view exists. */
  exists(name: string): Promise<boolean>;
  close(): Promise<void>;
  /** A new connection to the same warehouse, for cleaning up after this one was lost (server backends). */
  reconnect?(): Promise<Database>;
}

/** Named parameters in order of first appearance, for drivers that bind by position. */
export function parameterNames(sql: string): string[] {
  const names: string[] = [];
  rewriteParameters(sql, (name) => {
    if (!names.includes(name)) names.push(name);
    return "";
  });
  return names;
}

/**
 * Rewrites `$name` placeholders with `replace(name)`, leaving string literals
 * and comments alone (an apostrophe in a `--` comment must not open a literal
 * that hides the parameters after it).
 */
export function rewriteParameters(sql: string, replace: (name: string) => string): string {
  return sql
    .split(/('(?:[^']|'')*'|--[^\n]*|\/\*[\s\S]*?\*\/)/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(PARAM, (_, name: string) => replace(name))))
    .join("");
}

const PARAM = /\$([A-Za-z_][A-Za-z0-9_]*)/g;

// The one URL parser (src/db/url.ts) also masks passwords; re-exported where the adapters always found it.
export { maskUrl } from "./url.js";
