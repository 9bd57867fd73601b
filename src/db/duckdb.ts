import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DuckDBConnection, DuckDBInstance, type DuckDBAppender, type DuckDBValue } from "@duckdb/node-api";
import type { Column, Database, Row, SqlValue } from "./adapter.js";
import { normaliseValue } from "./values.js";

/** The embedded default: a DuckDB file (or `:memory:`). */
export async function openDuckDB(path: string): Promise<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path);
  const connection = await instance.connect();
  return new DuckDBDatabase(instance, connection, `duckdb:${path}`);
}

class DuckDBDatabase implements Database {
  readonly dialect = "duckdb" as const;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly label: string,
  ) {}

  async query<T extends Row = Row>(sql: string, params?: Record<string, SqlValue>): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params as Record<string, DuckDBValue> | undefined);
    return reader.getRowObjectsJS().map((row) => {
      const out: Row = {};
      for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
      return out as T;
    });
  }

  async exec(sql: string): Promise<void> {
    await this.connection.run(sql);
  }

  async transaction<T>(work: (db: Database) => Promise<T>): Promise<T> {
    await this.connection.run("BEGIN TRANSACTION");
    try {
      const result = await work(this);
      await this.connection.run("COMMIT");
      return result;
    } catch (error) {
      await this.connection.run("ROLLBACK");
      throw error;
    }
  }

  async bulkInsert(table: string, columns: readonly Column[], rows: AsyncIterable<SqlValue[][]>): Promise<number> {
    // The appender writes straight into DuckDB's storage, an order of magnitude
    // faster than INSERT statements; it needs the table's full column list.
    const appender = await this.connection.createAppender(table);
    let count = 0;
    try {
      for await (const batch of rows) {
        for (const values of batch) {
          for (let i = 0; i < columns.length; i++) append(appender, columns[i].type, values[i]);
          appender.endRow();
        }
        count += batch.length;
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    return count;
  }

  async exists(name: string): Promise<boolean> {
    const rows = await this.query(
      "SELECT count(*) AS n FROM information_schema.tables WHERE lower(table_name) = lower($name)",
      { name },
    );
    return Number(rows[0]?.n) > 0;
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

function append(appender: DuckDBAppender, type: Column["type"], value: SqlValue): void {
  if (value === null) return appender.appendNull();
  switch (type) {
    case "integer":
      return appender.appendBigInt(BigInt(value as number));
    case "money":
    case "decimal":
      return appender.appendDouble(value as number);
    default:
      // Dates arrive as ISO text; DuckDB casts them on append.
      return appender.appendVarchar(String(value));
  }
}
