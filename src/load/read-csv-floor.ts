import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { duckdb } from "../db/duckdb-api.js";
import { sqlString } from "../db/quote.js";
import { TABLES } from "./schema.js";

/**
 * The yardstick for load speed: DuckDB's own read_csv of the same extract
 * files into a fresh database file, typed by DuckDB's sniffer, with no
 * validation, keys or summaries at all. A load cannot be faster than this on
 * the same machine; `npm run bench` states the load as a multiple of it.
 */
export async function readCsvFloor(dataDir: string, dbPath: string): Promise<{ rows: number; seconds: number }> {
  rmSync(dbPath, { force: true });
  rmSync(`${dbPath}.wal`, { force: true });
  const instance = await duckdb.DuckDBInstance.create(dbPath);
  const db = await instance.connect();
  const started = performance.now();
  let rows = 0;
  try {
    for (const t of TABLES) {
      const path = join(dataDir, t.file);
      if (!existsSync(path)) continue;
      // The date format is given: auto-detection reads large files as day/month.
      await db.run(`CREATE TABLE ${t.name} AS SELECT * FROM read_csv(${sqlString(path)}, dateformat = '%m/%d/%Y')`);
      rows += Number((await db.runAndReadAll(`SELECT count(*) FROM ${t.name}`)).getRows()[0][0]);
    }
    await db.run("CHECKPOINT");
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  return { rows, seconds: (performance.now() - started) / 1000 };
}
