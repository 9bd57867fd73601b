import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type * as DuckDBApi from "@duckdb/node-api";
import type { DuckDBConnection, DuckDBType, DuckDBValue } from "@duckdb/node-api";
import type { Column, Database, ResultColumns, Row, SqlValue } from "./adapter.js";
import { normaliseValue } from "./values.js";
import { duckdb } from "./duckdb-api.js";
import { duckdbLockError } from "./duckdb-lock.js";

const {
  DATE,
  DOUBLE,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTypeId,
  INTEGER,
  JSDuckDBValueConverter,
  VARCHAR,
} = duckdb;
// The classes' instance types, under the names their values have above.
type DuckDBDataChunk = DuckDBApi.DuckDBDataChunk;
type DuckDBDateValue = DuckDBApi.DuckDBDateValue;
type DuckDBInstance = DuckDBApi.DuckDBInstance;

/**
 * The C API's vector accessors, from the copy of @duckdb/node-bindings that
 * @duckdb/node-api itself loaded (a second copy would be another native
 * module, whose handles the first does not know).
 */
interface VectorAccess {
  data_chunk_get_vector(chunk: DuckDBDataChunk["chunk"], column: number): unknown;
  vector_get_data(vector: unknown, bytes: number): Uint8Array;
  /** Null when every value is valid. */
  vector_get_validity(vector: unknown, bytes: number): Uint8Array | null;
}
const bindings = createRequire(createRequire(import.meta.url).resolve("@duckdb/node-api"))(
  "@duckdb/node-bindings",
) as VectorAccess;

/**
 * Copies column `j` of a chunk (DOUBLE or INTEGER) into `out` at `at`, NaN
 * for NULL: one typed-array copy of DuckDB's own buffer, then the validity
 * mask read a byte at a time. The vector classes' getItem tests validity with
 * BigInt arithmetic for every value: on a million customers' features that
 * was a tenth of a full analysis' JavaScript time, and garbage besides.
 */
function copyNumbers(chunk: DuckDBDataChunk, j: number, double: boolean, out: Float64Array, at: number): void {
  const n = chunk.rowCount;
  const vector = bindings.data_chunk_get_vector(chunk.chunk, j);
  const data = bindings.vector_get_data(vector, n * (double ? 8 : 4));
  out.set(
    double ? new Float64Array(data.buffer, data.byteOffset, n) : new Int32Array(data.buffer, data.byteOffset, n),
    at,
  );
  // Bit i of the mask (little-endian 64-bit words, so byte i >> 3, bit i & 7) is 1 when value i is valid.
  const mask = bindings.vector_get_validity(vector, Math.ceil(n / 64) * 8);
  if (!mask) return;
  for (let b = 0; b < mask.length && b * 8 < n; b++) {
    const byte = mask[b];
    if (byte === 0xff) continue;
    for (let bit = 0; bit < 8 && b * 8 + bit < n; bit++) if ((byte & (1 << bit)) === 0) out[at + b * 8 + bit] = NaN;
  }
}

/**
 * DuckDB's own allocator (the jemalloc built into its library; the glibc
 * settings of cli/malloc.ts reach only Node's side) keeps the pages a query
 * freed until that allocator is used again, and during the models'
 * JavaScript nothing uses it: at ten million order lines about 600 MB stayed
 * resident through the analyses while DuckDB held 37 MB of data. With its
 * background thread those pages go back to the system as they age: a full
 * analysis then peaked at 0.85-0.87 GB instead of 0.87-1.03 GB (medians 0.86
 * and 0.97 GB, five alternating pairs), in the same time (docs/performance.md).
 */
const INSTANCE_OPTIONS = { allocator_background_threads: "true" } as const;

/** The embedded default: a DuckDB file (or `:memory:`). */
export async function openDuckDB(path: string): Promise<Database> {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const instance = await DuckDBInstance.create(path, INSTANCE_OPTIONS).catch((error: unknown) => {
    throw duckdbLockError(path, error);
  });
  const connection = await instance.connect();
  return new DuckDBDatabase(instance, connection, `duckdb:${path}`);
}

/**
 * A second connection to the same DuckDB database, or undefined when `db` is
 * not DuckDB. Statements on it run beside the first connection's (two files
 * staged at once); its temporary tables are its own. Closing it leaves the
 * database open.
 */
export async function openSideConnection(db: Database): Promise<Database | undefined> {
  if (!(db instanceof DuckDBDatabase)) return undefined;
  return db.sideConnection();
}

class DuckDBDatabase implements Database {
  readonly dialect = "duckdb" as const;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly label: string,
    private readonly ownsInstance = true,
  ) {}

  async sideConnection(): Promise<Database> {
    return new DuckDBDatabase(this.instance, await this.instance.connect(), this.label, false);
  }

  async query<T extends Row = Row>(sql: string, params?: Record<string, SqlValue>): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params as Record<string, DuckDBValue> | undefined);
    // Read by column and build rows in one pass: on a million rows this is
    // several times cheaper than getRowObjectsJS() plus a second walk.
    const names = reader.columnNames();
    const columns = reader.getColumnsJS();
    const rows = new Array<T>(reader.currentRowCount);
    for (let i = 0; i < rows.length; i++) {
      const out: Row = {};
      for (let j = 0; j < names.length; j++) out[names[j]] = normaliseValue(columns[j][i]);
      rows[i] = out as T;
    }
    return rows;
  }

  async queryColumns(sql: string, params?: Record<string, SqlValue>): Promise<ResultColumns> {
    const result = await this.connection.run(sql, params as Record<string, DuckDBValue> | undefined);
    const names = result.columnNames();
    const chunks = await result.fetchAllChunks();
    const rows = chunks.reduce((n, chunk) => n + chunk.rowCount, 0);
    const columns: ResultColumns["columns"] = {};
    names.forEach((name, j) => {
      // The type from the result, not from a vector object per chunk: making one reads the chunk's data (at half a
      // million rows a tenth of a second for the customer features, on the main thread).
      const type = result.columnTypeId(j);
      if (type === DuckDBTypeId.DOUBLE || type === DuckDBTypeId.INTEGER) {
        // DOUBLE and INTEGER columns go straight from DuckDB's vectors into one Float64Array, NaN for NULL.
        const out = new Float64Array(rows);
        let at = 0;
        for (const chunk of chunks) {
          copyNumbers(chunk, j, type === DuckDBTypeId.DOUBLE, out, at);
          at += chunk.rowCount;
        }
        columns[name] = out;
        return;
      }
      const out = new Array<Row[string]>(rows);
      let at = 0;
      for (const chunk of chunks)
        for (const v of chunk.convertColumnValues(j, JSDuckDBValueConverter)) out[at++] = normaliseValue(v);
      columns[name] = out;
    });
    return { rows, columns };
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
    // Rows go in as data chunks: each column fills a typed array in JS and
    // crosses into DuckDB once per 2,048 rows, instead of one native call per
    // value. DuckDB casts each vector to the table's column type (DOUBLE to
    // DECIMAL, for money already rounded to the cent).
    const appender = await this.connection.createAppender(table);
    const types = columns.map((c) => VECTOR_TYPES[c.type]);
    const convert = columns.map((c) => (c.type === "date" ? toDate : identity));
    let count = 0;
    try {
      for await (const batch of rows) {
        for (let from = 0; from < batch.length; from += CHUNK_ROWS) {
          const n = Math.min(CHUNK_ROWS, batch.length - from);
          const chunk = DuckDBDataChunk.create(types, n);
          const vectors = types.map((_, i) => chunk.getColumnVector(i));
          for (let r = 0; r < n; r++) {
            const row = batch[from + r];
            for (let i = 0; i < vectors.length; i++) vectors[i].setItem(r, convert[i](row[i]));
          }
          for (const vector of vectors) vector.flush();
          appender.appendDataChunk(chunk);
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
    if (this.ownsInstance) this.instance.closeSync();
  }
}

/** DuckDB's vector size: the most rows one data chunk holds. */
const CHUNK_ROWS = 2048;

const VECTOR_TYPES: Record<Column["type"], DuckDBType> = {
  integer: INTEGER,
  money: DOUBLE,
  decimal: DOUBLE,
  text: VARCHAR,
  date: DATE,
};

const identity = (value: SqlValue): DuckDBValue => value;

const MS_PER_DAY = 86_400_000;
const days = new Map<string, DuckDBDateValue>();

/** ISO text to a DATE value; the few thousand distinct dates of a load are converted once. */
function toDate(value: SqlValue): DuckDBValue {
  if (value === null) return null;
  const iso = String(value);
  let date = days.get(iso);
  if (!date) {
    if (days.size >= 100_000) days.clear();
    date = new DuckDBDateValue(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
    if (!Number.isInteger(date.days)) throw new Error(`Not an ISO date: "${iso}"`);
    days.set(iso, date);
  }
  return date;
}
