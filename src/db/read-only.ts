import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Column, Database, ResultColumns, Row, SqlValue } from "./adapter.js";
import { queryColumns } from "./columns.js";
import { connect } from "./connect.js";
import { duckdbLockError } from "./duckdb-lock.js";
import { sqlString } from "./quote.js";

/**
 * A DuckDB warehouse file opened read-only. DuckDB lets one process write a
 * file or many read it, and a notebook only reads: opened this way, notebooks
 * run side by side (the runner's worker processes, several open kernels) and
 * beside a report. An in-memory database attaches the file read-only and
 * makes it the default catalog, so queries and views read as usual.
 */

export async function openReadOnly(file: string): Promise<Database> {
  const db = await connect("duckdb::memory:");
  try {
    // An in-memory database spills to ./.tmp, under names that are the same in
    // every process (DuckDB 1.5): two readers spilling at once from one folder
    // (notebook kernels, the report's notebook workers) corrupt each other's
    // files and both fail. Each reader spills to a folder of its own under the
    // system's temporary folder (TMPDIR), which DuckDB makes on the first
    // spill and removes at close.
    await db.exec(`SET temp_directory = ${sqlString(spillFolder())}`);
    await db.exec(`ATTACH ${sqlString(file)} AS warehouse (READ_ONLY); USE warehouse`);
  } catch (error) {
    await db.close();
    throw duckdbLockError(file, error, true);
  }
  return new ReadOnlyDuckDB(db, `duckdb:${file} (read-only)`);
}

/** A folder no other reader uses; not created here, so a reader that never spills leaves nothing. */
function spillFolder(): string {
  return join(tmpdir(), `sales-insight-spill-${process.pid}-${randomBytes(4).toString("hex")}`);
}

class ReadOnlyDuckDB implements Database {
  readonly dialect = "duckdb" as const;
  constructor(
    private readonly db: Database,
    readonly label: string,
  ) {}
  query<T extends Row = Row>(sql: string, params?: Record<string, SqlValue>): Promise<T[]> {
    return this.db.query<T>(sql, params);
  }
  queryColumns(sql: string, params?: Record<string, SqlValue>): Promise<ResultColumns> {
    return queryColumns(this.db, sql, params);
  }
  exec(sql: string): Promise<void> {
    return this.db.exec(sql);
  }
  transaction<T>(work: (db: Database) => Promise<T>): Promise<T> {
    return this.db.transaction(() => work(this));
  }
  bulkInsert(table: string, columns: readonly Column[], rows: AsyncIterable<SqlValue[][]>): Promise<number> {
    return this.db.bulkInsert(table, columns, rows);
  }
  exists(name: string): Promise<boolean> {
    return this.db.exists(name);
  }
  close(): Promise<void> {
    return this.db.close();
  }
}
