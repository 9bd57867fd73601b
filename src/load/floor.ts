/**
 * The yardstick for load speed: DuckDB's own read_csv of the same extract
 * files into a fresh database, with no validation at all.
 *
 *   npx tsx src/load/floor.ts DIR /tmp/floor.duckdb
 *
 * Compare its time and peak memory (`/usr/bin/time -v`) with
 * `npm run warehouse -- --data DIR --db duckdb:/tmp/load.duckdb`.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sqlString } from "../db/quote.js";
import { DuckDBInstance } from "@duckdb/node-api";
import { TABLES } from "./schema.js";

const [dir, dbPath] = process.argv.slice(2);
if (!dir || !dbPath) {
  process.stderr.write("usage: npx tsx src/load/floor.ts DATA_DIR DB_FILE\n");
  process.exit(2);
}
rmSync(dbPath, { force: true });
rmSync(`${dbPath}.wal`, { force: true });
const db = await (await DuckDBInstance.create(dbPath)).connect();
const started = performance.now();
let rows = 0;
for (const t of TABLES) {
  const path = join(dir, t.file);
  if (!existsSync(path)) continue;
  // The date format is given: auto-detection reads large files as day/month.
  await db.run(`CREATE TABLE ${t.name} AS SELECT * FROM read_csv(${sqlString(path)}, dateformat = '%m/%d/%Y')`);
  rows += Number((await db.runAndReadAll(`SELECT count(*) FROM ${t.name}`)).getRows()[0][0]);
}
process.stdout.write(`read_csv floor: ${rows} rows in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
