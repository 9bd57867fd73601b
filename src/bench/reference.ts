/**
 * The bench's references, each run as its own process by `npm run bench`
 * (src/bench/main.ts), so their time and memory are measured like the
 * project's commands:
 *
 *   node dist/bench/reference.js floor DATA_DIR DB_FILE     DuckDB's read_csv of the extracts, no checks
 *   node dist/bench/reference.js sql-warehouse DB_FILE      the four rankings in plain SQL on a loaded warehouse
 *   node dist/bench/reference.js sql-csv DATA_DIR           the same, straight over the CSVs
 */
import { duckdb } from "../db/duckdb-api.js";
import { readCsvFloor } from "../load/read-csv-floor.js";
import { csvViews, RANKINGS, SUMS } from "./rankings.js";

async function rankings(path: string, setup: string[], readOnly: boolean): Promise<void> {
  const instance = await duckdb.DuckDBInstance.create(path, readOnly ? { access_mode: "READ_ONLY" } : {});
  const db = await instance.connect();
  try {
    for (const statement of [...setup, ...SUMS]) await db.run(statement);
    for (const queries of Object.values(RANKINGS)) for (const sql of queries) await db.runAndReadAll(sql);
  } finally {
    db.closeSync();
    instance.closeSync();
  }
}

const [what, ...args] = process.argv.slice(2);
if (what === "floor" && args.length === 2) await readCsvFloor(args[0], args[1]);
else if (what === "sql-warehouse" && args.length === 1) await rankings(args[0], [], true);
else if (what === "sql-csv" && args.length === 1) await rankings(":memory:", csvViews(args[0]), false);
else {
  process.stderr.write("usage: reference.js floor DATA_DIR DB_FILE | sql-warehouse DB_FILE | sql-csv DATA_DIR\n");
  process.exitCode = 2;
}
