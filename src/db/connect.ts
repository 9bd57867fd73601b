import { resolve } from "node:path";
import type { Database } from "./adapter.js";

/** Where the embedded warehouse lives when nothing else is said. */
export const DEFAULT_DB_URL = "duckdb:data/warehouse.duckdb";

/** `--db`, else `SALES_DB`, else the embedded DuckDB file. */
export function resolveDbUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.SALES_DB || DEFAULT_DB_URL;
}

/** Opens the warehouse a URL names; the driver is loaded only when used. */
export async function connect(url: string = resolveDbUrl()): Promise<Database> {
  if (url.startsWith("duckdb:")) {
    const path = url.slice("duckdb:".length) || ":memory:";
    const { openDuckDB } = await import("./duckdb.js");
    return openDuckDB(path === ":memory:" ? path : resolve(path));
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const { openPostgres } = await import("./postgres.js");
    return openPostgres(url);
  }
  if (url.startsWith("mssql://") || url.startsWith("sqlserver://")) {
    const { openSqlServer } = await import("./mssql.js");
    return openSqlServer(url);
  }
  throw new UnknownDatabaseError(url);
}

export class UnknownDatabaseError extends Error {
  constructor(url: string) {
    super(
      `Unknown database URL "${url}": expected duckdb:PATH (the default, ${DEFAULT_DB_URL}), ` +
        "postgres://user@host:5432/database or mssql://user:password@host:1433/database",
    );
    this.name = "UnknownDatabaseError";
  }
}
