import { userInfo } from "node:os";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import {
  maskUrl,
  parameterNames,
  rewriteParameters,
  type Column,
  type Database,
  type Row,
  type SqlValue,
} from "./adapter.js";
import { serverAddress } from "./url.js";
import { quoteIdentifier } from "./quote.js";
import { ConnectionLostError, DatabaseFaultError, dbTimeouts, type DbTimeouts } from "./faults.js";
import { normaliseValue } from "./values.js";

// pg returns NUMERIC and BIGINT as text to protect precision; the warehouse
// sums money as NUMERIC in SQL, so converting the final figure is safe.
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === 1700 || oid === 20 || oid === 701 || oid === 700) return (v: string) => Number(v);
    if (oid === 1082) return (v: string) => v; // DATE stays ISO text
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * A PostgreSQL server, `postgres://user@host:port/database`. Connecting and
 * every statement are bounded (SALES_DB_CONNECT_TIMEOUT,
 * SALES_DB_STATEMENT_TIMEOUT): a server that accepts the connection but never
 * answers gives an error naming it instead of a hang.
 */
export async function openPostgres(url: string): Promise<Database> {
  const limits = dbTimeouts();
  const where = `PostgreSQL at ${serverAddress(url)}`;
  const statementMs = Math.round(limits.statementSeconds * 1000);
  const client = new pg.Client({
    connectionString: withDefaultUser(url),
    types,
    connectionTimeoutMillis: Math.max(1, Math.round(limits.connectSeconds * 1000)),
    // Client side, so a server that stops answering is caught too; the server-side limit frees its resources.
    ...(statementMs > 0 ? { query_timeout: statementMs + 5000, statement_timeout: statementMs } : {}),
    keepAlive: true,
  });
  const db = new PostgresDatabase(client, maskUrl(url), where, limits, () => openPostgres(url));
  // A connection the server drops emits 'error' on the client; unheard, Node would crash the process with it.
  client.on("error", (error) => db.lose(error));
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    const message = (error as Error).message;
    if (/timeout/i.test(message))
      throw new DatabaseFaultError(
        `${where} did not answer within ${limits.connectSeconds} s (SALES_DB_CONNECT_TIMEOUT): is it the right host and port, and is the server up?`,
      );
    if (/ECONNREFUSED/.test(message))
      throw new DatabaseFaultError(`could not connect to ${where}: connection refused (is the server running?)`);
    throw new DatabaseFaultError(`could not connect to ${where}: ${message}`);
  }
  return db;
}

/**
 * The URL pg is given. Without a user in it, the user libpq and psql would
 * take: PGUSER, else the operating system's. pg itself falls back to $USER,
 * which cron, systemd units and containers often leave unset; it then sends
 * no user at all and the server refuses ("no PostgreSQL user name specified").
 */
export function withDefaultUser(url: string, env: NodeJS.ProcessEnv = process.env): string {
  const m = /^([a-z]+:\/\/)([^/?#]*)(.*)$/is.exec(url);
  if (!m || m[2].includes("@") || /[?&]user=/.test(m[3])) return url;
  const user = env.PGUSER || userInfo().username;
  return `${m[1]}${encodeURIComponent(user)}@${m[2]}${m[3]}`;
}

class PostgresDatabase implements Database {
  readonly dialect = "postgres" as const;

  private lost: Error | null = null;

  constructor(
    private readonly client: pg.Client,
    readonly label: string,
    private readonly where: string,
    private readonly limits: DbTimeouts,
    readonly reconnect: () => Promise<Database>,
  ) {}

  /** The server or the network ended the connection. */
  lose(error: Error): void {
    this.lost ??= error;
  }

  /** A driver error as what happened to which server. */
  private fault(error: unknown): Error {
    const err = error as Error & { code?: string };
    const message = err.message ?? String(error);
    if (/Query read timeout/i.test(message) || err.code === "57014")
      return new DatabaseFaultError(
        `${this.where} did not finish a statement within ${this.limits.statementSeconds} s (SALES_DB_STATEMENT_TIMEOUT)`,
      );
    if (
      this.lost ||
      /terminat|Connection terminated|ECONNRESET|EPIPE|not queryable/i.test(message) ||
      err.code === "57P01"
    )
      return new ConnectionLostError(
        `the connection to ${this.where} was lost (${(this.lost ?? err).message.split("\n")[0]})`,
      );
    return err;
  }

  private async run<R>(work: () => Promise<R>): Promise<R> {
    if (this.lost) throw this.fault(this.lost);
    try {
      return await work();
    } catch (error) {
      throw this.fault(error);
    }
  }

  async query<T extends Row = Row>(sql: string, params?: Record<string, SqlValue>): Promise<T[]> {
    const names = parameterNames(sql);
    const text = rewriteParameters(sql, (name) => `$${names.indexOf(name) + 1}`);
    const result = await this.run(() =>
      this.client.query(
        text,
        names.map((name) => bound(params, name)),
      ),
    );
    return result.rows.map((row: Record<string, unknown>) => {
      const out: Row = {};
      for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
      return out as T;
    });
  }

  async exec(sql: string): Promise<void> {
    await this.run(() => this.client.query(sql));
  }

  async transaction<T>(work: (db: Database) => Promise<T>): Promise<T> {
    await this.exec("BEGIN");
    try {
      const result = await work(this);
      await this.exec("COMMIT");
      return result;
    } catch (error) {
      // On a lost connection the server has rolled back already.
      await this.exec("ROLLBACK").catch(() => undefined);
      throw error;
    }
  }

  async bulkInsert(table: string, columns: readonly Column[], rows: AsyncIterable<SqlValue[][]>): Promise<number> {
    // COPY is PostgreSQL's bulk path: one round trip for the whole stream.
    let count = 0;
    const lines = Readable.from(
      (async function* () {
        for await (const batch of rows) {
          count += batch.length;
          yield batch.map((values) => values.map(copyField).join(",") + "\n").join("");
        }
      })(),
    );
    const list = columns.map((c) => quoteIdentifier(c.name, "postgres")).join(", ");
    // The COPY is issued inside run(), where pipeline() listens to it at once: issued on a connection already lost,
    // it reports the loss on the next tick, and with no listener yet that 'error' event would end the process.
    await this.run(() =>
      pipeline(lines, this.client.query(copyFrom(`COPY ${table} (${list}) FROM STDIN WITH (FORMAT csv)`))),
    );
    return count;
  }

  async exists(name: string): Promise<boolean> {
    const rows = await this.query(
      "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema() AND lower(table_name) = lower($name)",
      { name },
    );
    return Number(rows[0]?.n) > 0;
  }

  async close(): Promise<void> {
    await this.client.end().catch((error: unknown) => {
      if (!this.lost) throw error;
    });
  }
}

function bound(params: Record<string, SqlValue> | undefined, name: string): SqlValue {
  if (!params || !(name in params)) throw new Error(`Missing SQL parameter $${name}`);
  return params[name];
}

/** One CSV field for COPY: unquoted empty is NULL, everything else quoted. */
function copyField(value: SqlValue): string {
  if (value === null) return "";
  return `"${String(value).replaceAll('"', '""')}"`;
}
