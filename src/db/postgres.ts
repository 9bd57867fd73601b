import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { maskUrl, parameterNames, rewriteParameters, type Column, type Database, type Row, type SqlValue } from "./adapter.js";
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

/** A PostgreSQL server, `postgres://user@host:port/database`. */
export async function openPostgres(url: string): Promise<Database> {
  const client = new pg.Client({ connectionString: url, types });
  await client.connect();
  return new PostgresDatabase(client, maskUrl(url));
}

class PostgresDatabase implements Database {
  readonly dialect = "postgres" as const;

  constructor(
    private readonly client: pg.Client,
    readonly label: string,
  ) {}

  async query<T extends Row = Row>(sql: string, params?: Record<string, SqlValue>): Promise<T[]> {
    const names = parameterNames(sql);
    const text = rewriteParameters(sql, (name) => `$${names.indexOf(name) + 1}`);
    const result = await this.client.query(text, names.map((name) => bound(params, name)));
    return result.rows.map((row: Record<string, unknown>) => {
      const out: Row = {};
      for (const [key, value] of Object.entries(row)) out[key] = normaliseValue(value);
      return out as T;
    });
  }

  async exec(sql: string): Promise<void> {
    await this.client.query(sql);
  }

  async transaction<T>(work: (db: Database) => Promise<T>): Promise<T> {
    await this.client.query("BEGIN");
    try {
      const result = await work(this);
      await this.client.query("COMMIT");
      return result;
    } catch (error) {
      await this.client.query("ROLLBACK");
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
    const list = columns.map((c) => `"${c.name}"`).join(", ");
    const sink = this.client.query(copyFrom(`COPY ${table} (${list}) FROM STDIN WITH (FORMAT csv)`));
    await pipeline(lines, sink);
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
    await this.client.end();
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
