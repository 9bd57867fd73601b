import sql from "mssql";
import {
  maskUrl,
  parameterNames,
  rewriteParameters,
  type Column,
  type Database,
  type Row,
  type SqlValue,
} from "./adapter.js";
import { parseDbUrl, serverAddress } from "./url.js";
import { DatabaseFaultError, dbTimeouts } from "./faults.js";
import { normaliseValue } from "./values.js";

/**
 * The organisation's SQL Server:
 * `mssql://user:password@host:1433/database?encrypt=false&trustServerCertificate=true`.
 */
export async function openSqlServer(url: string): Promise<Database> {
  const pool = new sql.ConnectionPool(configFromUrl(url));
  // A pool error with no listener would crash the process; the failing request reports it.
  pool.on("error", () => undefined);
  await pool.connect().catch((error: unknown) => {
    const where = `SQL Server at ${serverAddress(url)}`;
    const message = (error as Error).message;
    if (/timeout|Failed to connect/i.test(message) && !/ECONNREFUSED/.test(message))
      throw new DatabaseFaultError(
        `${where} did not answer within ${dbTimeouts().connectSeconds} s (SALES_DB_CONNECT_TIMEOUT): ${message}`,
      );
    throw new DatabaseFaultError(`could not connect to ${where}: ${message}`);
  });
  return new SqlServerDatabase(pool, pool, maskUrl(url));
}

export function configFromUrl(url: string): sql.config {
  const u = parseDbUrl(url);
  const limits = dbTimeouts();
  const flag = (name: string, fallback: boolean) => (name in u.options ? u.options[name] === "true" : fallback);
  return {
    server: u.host,
    port: u.port ?? 1433,
    user: u.user,
    password: u.password,
    database: u.database || undefined,
    options: {
      encrypt: flag("encrypt", false),
      trustServerCertificate: flag("trustServerCertificate", true),
    },
    // SALES_DB_CONNECT_TIMEOUT / SALES_DB_STATEMENT_TIMEOUT, as on PostgreSQL (0 = no statement limit).
    connectionTimeout: Math.max(1, Math.round(limits.connectSeconds * 1000)),
    requestTimeout: Math.round(limits.statementSeconds * 1000),
  };
}

type Runner = sql.ConnectionPool | sql.Transaction;

class SqlServerDatabase implements Database {
  readonly dialect = "tsql" as const;

  constructor(
    private readonly pool: sql.ConnectionPool,
    private readonly runner: Runner,
    readonly label: string,
  ) {}

  async query<T extends Row = Row>(text: string, params?: Record<string, SqlValue>): Promise<T[]> {
    const request = new sql.Request(this.runner as sql.ConnectionPool);
    for (const name of parameterNames(text)) {
      if (!params || !(name in params)) throw new Error(`Missing SQL parameter $${name}`);
      request.input(name, params[name]);
    }
    const result = await request.query(rewriteParameters(text, (name) => `@${name}`));
    return (result.recordset ?? []).map((row: Record<string, unknown>) => {
      const out: Row = {};
      for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
      return out as T;
    });
  }

  async exec(text: string): Promise<void> {
    await new sql.Request(this.runner as sql.ConnectionPool).batch(text);
  }

  async transaction<T>(work: (db: Database) => Promise<T>): Promise<T> {
    if (this.runner !== this.pool) return work(this);
    const tx = new sql.Transaction(this.pool);
    await tx.begin();
    try {
      const result = await work(new SqlServerDatabase(this.pool, tx, this.label));
      await tx.commit();
      return result;
    } catch (error) {
      await tx.rollback();
      throw error;
    }
  }

  async bulkInsert(table: string, columns: readonly Column[], rows: AsyncIterable<SqlValue[][]>): Promise<number> {
    // TDS bulk load, one round trip per batch.
    let count = 0;
    for await (const batch of rows) {
      const target = new sql.Table(table);
      for (const column of columns)
        target.columns.add(column.name, sqlType(column), { nullable: column.nullable ?? true });
      for (const values of batch)
        target.rows.add(
          ...values.map((v, i) => (columns[i].type === "date" && v !== null ? new Date(`${v}T00:00:00Z`) : v)),
        );
      await new sql.Request(this.runner as sql.ConnectionPool).bulk(target);
      count += batch.length;
    }
    return count;
  }

  async exists(name: string): Promise<boolean> {
    const rows = await this.query(
      "SELECT count(*) AS n FROM INFORMATION_SCHEMA.TABLES WHERE lower(TABLE_NAME) = lower($name)",
      { name },
    );
    return Number(rows[0]?.n) > 0;
  }

  async close(): Promise<void> {
    await this.pool.close();
  }
}

function sqlType(column: Column): sql.ISqlType | (() => sql.ISqlType) {
  switch (column.type) {
    case "integer":
      return sql.Int;
    case "money":
      return sql.Decimal(12, 2);
    case "decimal":
      return sql.Decimal(18, 6);
    case "date":
      return sql.Date;
    default:
      return sql.NVarChar(sql.MAX);
  }
}
