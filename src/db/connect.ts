import { resolve } from "node:path";
import type { Database } from "./adapter.js";

/** Where the embedded warehouse lives when nothing else is said. */
export const DEFAULT_DB_URL = "duckdb:data/warehouse.duckdb";

/** `--db`, else `SALES_DB`, else the embedded DuckDB file. */
export function resolveDbUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.SALES_DB || DEFAULT_DB_URL;
}

export class MemoryLimitError extends Error {
  override name = "MemoryLimitError";
}

/** The embedded DuckDB's memory limit for analyses: SALES_DUCKDB_MEMORY, default 400MB. */
export function duckdbMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  const limit = env.SALES_DUCKDB_MEMORY ?? "400MB";
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)$/i.test(limit))
    throw new MemoryLimitError(`SALES_DUCKDB_MEMORY is "${limit}": expected a size such as 512MB or 2GB`);
  return limit;
}

/**
 * Holds an embedded DuckDB to the analyses' memory limit (it spills to disk
 * beyond), wherever analyses run: the analyse command, the report's analyse
 * stage, a notebook. A server manages its own memory.
 */
export async function limitMemory(db: Database, limit = duckdbMemoryLimit()): Promise<void> {
  if (db.dialect === "duckdb") await db.exec(`SET memory_limit = '${limit}'`);
}

const SCHEMES = ["duckdb:", "postgres://", "postgresql://", "mssql://", "sqlserver://"] as const;

/** Refuses, before any work, a URL no adapter opens (the same message `connect` gives). */
export function checkDbUrl(url: string): void {
  if (!SCHEMES.some((scheme) => url.startsWith(scheme))) throw new UnknownDatabaseError(url);
}

/** Opens the warehouse a URL names; the driver is loaded only when used. */
export async function connect(url: string = resolveDbUrl()): Promise<Database> {
  if (url.startsWith("duckdb:")) {
    const path = url.slice("duckdb:".length) || ":memory:";
    const { openDuckDB } = await driver(() => import("./duckdb.js"), "DuckDB", ["@duckdb/node-api"]);
    return openDuckDB(path === ":memory:" ? path : resolve(path));
  }
  if (url.startsWith("postgres://") || url.startsWith("postgresql://")) {
    const { openPostgres } = await driver(() => import("./postgres.js"), "PostgreSQL", ["pg", "pg-copy-streams"]);
    return openPostgres(url);
  }
  if (url.startsWith("mssql://") || url.startsWith("sqlserver://")) {
    const { openSqlServer } = await driver(() => import("./mssql.js"), "SQL Server", ["mssql"]);
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

/**
 * A database driver this installation lacks. The package lists the server
 * drivers as optional dependencies: `npm install --omit=optional` leaves them
 * out for callers that only use the embedded DuckDB or the models.
 */
export class MissingDriverError extends Error {
  constructor(database: string, packages: readonly string[]) {
    super(
      `${database} needs the ${packages.join(" and ")} package${packages.length > 1 ? "s" : ""}, not installed here: npm install ${packages.join(" ")}`,
    );
    this.name = "MissingDriverError";
  }
}

/** Imports an adapter, turning "Cannot find package 'pg'" into what to install. */
async function driver<T>(load: () => Promise<T>, database: string, packages: readonly string[]): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const missing = /Cannot find (?:package|module) '([^']+)'/.exec((error as Error).message)?.[1];
    if (missing && packages.some((p) => missing === p || missing.startsWith(`${p}/`)))
      throw new MissingDriverError(database, packages);
    throw error;
  }
}
