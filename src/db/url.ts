import { resolve } from "node:path";
import type { Dialect } from "./adapter.js";

/**
 * The one parser of database URLs: `duckdb:PATH` (or `duckdb::memory:`),
 * `postgres[ql]://user:password@host:port/database?options` and
 * `mssql|sqlserver://…`. connect, the adapters, their error messages and the
 * Power BI data source all read a URL through it.
 */
export interface DbUrl {
  dialect: Dialect;
  /** DuckDB: the file, absolute, or `:memory:`. Servers: "". */
  path: string;
  host: string;
  /** The port written in the URL, else the dialect's default (null for DuckDB). */
  port: number | null;
  /** True when the URL names the port (a data source omits the default). */
  explicitPort: boolean;
  database: string;
  user: string;
  password: string;
  /** The query string's options (`?encrypt=true`). */
  options: Record<string, string>;
}

const SERVER_SCHEMES: Record<string, Exclude<Dialect, "duckdb">> = {
  "postgres:": "postgres",
  "postgresql:": "postgres",
  "mssql:": "tsql",
  "sqlserver:": "tsql",
};

const DEFAULT_PORT: Record<Dialect, number | null> = { duckdb: null, postgres: 5432, tsql: 1433 };

/** Where the embedded warehouse lives when nothing else is said. */
export const DEFAULT_DB_URL = "duckdb:data/warehouse.duckdb";

export class UnknownDatabaseError extends Error {
  constructor(url: string) {
    super(
      `Unknown database URL "${url}": expected duckdb:PATH (the default, ${DEFAULT_DB_URL}), ` +
        "postgres://user@host:5432/database or mssql://user:password@host:1433/database",
    );
    this.name = "UnknownDatabaseError";
  }
}

export function parseDbUrl(url: string): DbUrl {
  if (url.startsWith("duckdb:")) {
    const path = url.slice("duckdb:".length) || ":memory:";
    return {
      dialect: "duckdb",
      path: path === ":memory:" ? path : resolve(path),
      host: "",
      port: null,
      explicitPort: false,
      database: "",
      user: "",
      password: "",
      options: {},
    };
  }
  const scheme = /^[a-z]+:/.exec(url)?.[0] ?? "";
  const dialect = SERVER_SCHEMES[scheme];
  if (!dialect || !url.startsWith(`${scheme}//`)) throw new UnknownDatabaseError(url);
  let u: URL;
  try {
    // WHATWG URL leaves the host of an unknown scheme opaque; read it as http, keeping everything else.
    u = new URL(`http:${url.slice(scheme.length)}`);
  } catch {
    throw new UnknownDatabaseError(url);
  }
  return {
    dialect,
    path: "",
    host: u.hostname || "localhost",
    port: u.port ? Number(u.port) : DEFAULT_PORT[dialect],
    explicitPort: u.port !== "",
    database: decodeURIComponent(u.pathname.replace(/^\//, "")),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    options: Object.fromEntries(u.searchParams),
  };
}

/** A URL as messages and labels show it: the password masked. */
export function maskUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}

/** host:port of a server URL, without credentials, for error messages. */
export function serverAddress(url: string): string {
  try {
    const u = parseDbUrl(url);
    return `${u.host}:${u.port ?? ""}`;
  } catch {
    return "(unparsable URL)";
  }
}

/** The same warehouse always gets the same key: a DuckDB file by its absolute path. */
export function canonicalDbUrl(url: string): string {
  const u = parseDbUrl(url);
  return u.dialect === "duckdb" ? `duckdb:${u.path}` : url;
}

/**
 * The DuckDB file a URL names, absolute; null for a server or `:memory:`. Only
 * such a file is locked by the process that has it open, and only it is
 * created by opening it.
 */
export function duckdbFile(url: string): string | null {
  const { dialect, path } = parseDbUrl(url);
  return dialect === "duckdb" && path !== ":memory:" ? path : null;
}
