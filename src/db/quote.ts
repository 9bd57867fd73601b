import { unknownDialect, type Dialect } from "./adapter.js";

/**
 * Quoting, in one place. Values go to the database as parameters; what
 * cannot be a parameter (a file path in DuckDB's read_csv or COPY, a memory
 * limit, a column list) is quoted here.
 */

/** A string literal: `'it''s'`. The same on every dialect (standard SQL doubles the quote). */
export function sqlString(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** An identifier, quoted so a column named `order` or `Unit Price` stays one name. */
export function quoteIdentifier(name: string, dialect: Dialect): string {
  switch (dialect) {
    case "duckdb":
    case "postgres":
      return `"${name.replaceAll('"', '""')}"`;
    case "tsql":
      return `[${name.replaceAll("]", "]]")}]`;
    default:
      return unknownDialect(dialect);
  }
}
