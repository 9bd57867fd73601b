import { existsSync } from "node:fs";
import type { Database } from "./adapter.js";
import { DEFAULT_DB_URL, parseDbUrl } from "./url.js";
import { sqlString } from "./quote.js";
import { IN_PROCESS } from "./sql.js";

// The URL's grammar lives in ./url.ts; these two stay importable from here.
export { DEFAULT_DB_URL, UnknownDatabaseError } from "./url.js";

/** `--db`, else `SALES_DB`, else the embedded DuckDB file. */
export function resolveDbUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.SALES_DB || DEFAULT_DB_URL;
}

export class MemoryLimitError extends Error {
  override name = "MemoryLimitError";
}

/** The embedded DuckDB's memory limit for analyses: SALES_DUCKDB_MEMORY, default 400MB. */
function duckdbMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
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
  if (IN_PROCESS[db.dialect]) await db.exec(`SET memory_limit = ${sqlString(limit)}`);
}

/** Refuses, before any work, a URL no adapter opens (the same message `connect` gives). */
export function checkDbUrl(url: string): void {
  parseDbUrl(url);
}

export interface ConnectOptions {
  /**
   * Open a DuckDB file read-only, so several processes (notebooks, a report)
   * read it at once; it must exist. A server takes concurrent readers anyway
   * and is opened as usual.
   */
  readOnly?: boolean;
  /**
   * A DuckDB file must exist already: a command that only reads the warehouse
   * refuses a mistyped path rather than create an empty database (and its
   * folders) there. Read-only implies it.
   */
  existing?: boolean;
  /**
   * Hold an embedded DuckDB to the analyses' memory limit (true: SALES_DUCKDB_MEMORY,
   * default 400MB; or a size such as "2GB"). A server manages its own memory.
   * Default: SALES_DUCKDB_MEMORY when it is set (so the limit a user sets once
   * holds every command: a load, the API, a scrape's load), else none.
   */
  memory?: boolean | string;
}

/** Opens the warehouse a URL names; the driver is loaded only when used. */
export async function connect(
  url: string = resolveDbUrl(),
  options: ConnectOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): Promise<Database> {
  const memory = options.memory ?? env.SALES_DUCKDB_MEMORY !== undefined;
  // A bad SALES_DUCKDB_MEMORY is refused before the database is opened.
  const limit = memory === true ? duckdbMemoryLimit(env) : memory;
  const db = await open(url, options.readOnly === true, options.existing === true);
  try {
    if (limit) await limitMemory(db, limit);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

async function open(url: string, readOnly: boolean, existing: boolean): Promise<Database> {
  const parsed = parseDbUrl(url);
  switch (parsed.dialect) {
    case "duckdb": {
      if ((readOnly || existing) && parsed.path !== ":memory:" && !existsSync(parsed.path))
        throw new NoWarehouseError(parsed.path);
      if (readOnly && parsed.path !== ":memory:") return (await import("./read-only.js")).openReadOnly(parsed.path);
      const { openDuckDB } = await driver(() => import("./duckdb.js"), "DuckDB", ["@duckdb/node-api"]);
      return openDuckDB(parsed.path);
    }
    case "postgres": {
      const { openPostgres } = await driver(() => import("./postgres.js"), "PostgreSQL", ["pg", "pg-copy-streams"]);
      return openPostgres(url);
    }
    case "tsql": {
      const { openSqlServer } = await driver(() => import("./mssql.js"), "SQL Server", ["mssql"]);
      return openSqlServer(url);
    }
  }
}

/** A DuckDB warehouse file that is not there, where a command only reads one. */
export class NoWarehouseError extends Error {
  override name = "NoWarehouseError";
  constructor(readonly path: string) {
    super(`No DuckDB warehouse at ${path}: load it first (npm run warehouse -- --db duckdb:${path})`);
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
