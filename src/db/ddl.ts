import { unknownDialect, type Column, type ColumnType, type Dialect } from "./adapter.js";
import { sqlString } from "./quote.js";

/** Column types per dialect: money is exact DECIMAL everywhere, so sums are exact. */
const TYPES: Record<ColumnType, Record<Dialect, string>> = {
  integer: { duckdb: "INTEGER", postgres: "INTEGER", tsql: "INT" },
  money: { duckdb: "DECIMAL(12, 2)", postgres: "NUMERIC(12, 2)", tsql: "DECIMAL(12, 2)" },
  decimal: { duckdb: "DECIMAL(18, 6)", postgres: "NUMERIC(18, 6)", tsql: "DECIMAL(18, 6)" },
  text: { duckdb: "VARCHAR", postgres: "TEXT", tsql: "NVARCHAR(MAX)" },
  date: { duckdb: "DATE", postgres: "DATE", tsql: "DATE" },
};

export function createTable(dialect: Dialect, name: string, columns: readonly Column[]): string {
  const list = columns.map((c) => `  ${c.name} ${TYPES[c.type][dialect]}${c.nullable === false ? " NOT NULL" : ""}`);
  return `CREATE TABLE ${name} (\n${list.join(",\n")}\n)`;
}

export function dropTable(name: string): string {
  return `DROP TABLE IF EXISTS ${name}`;
}

export function dropView(name: string): string {
  return `DROP VIEW IF EXISTS ${name}`;
}

export function renameTable(dialect: Dialect, from: string, to: string): string {
  switch (dialect) {
    case "duckdb":
    case "postgres":
      return `ALTER TABLE ${from} RENAME TO ${to}`;
    case "tsql":
      return `EXEC sp_rename ${sqlString(from)}, ${sqlString(to)}`;
    default:
      return unknownDialect(dialect);
  }
}
