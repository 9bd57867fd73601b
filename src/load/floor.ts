/**
 * The yardstick for load speed (src/load/read-csv-floor.ts): DuckDB's own
 * read_csv of the same extract files into a fresh database, no validation.
 *
 *   npx tsx src/load/floor.ts DIR /tmp/floor.duckdb
 *
 * `npm run bench` runs it beside the load and states the ratio; by hand,
 * compare its time and peak memory (`/usr/bin/time -v`) with
 * `npm run warehouse -- --data DIR --db duckdb:/tmp/load.duckdb`.
 */
import { readCsvFloor } from "./read-csv-floor.js";

const [dir, dbPath] = process.argv.slice(2);
if (!dir || !dbPath) {
  process.stderr.write("usage: npx tsx src/load/floor.ts DATA_DIR DB_FILE\n");
  process.exit(2);
}
const { rows, seconds } = await readCsvFloor(dir, dbPath);
process.stdout.write(`read_csv floor: ${rows} rows in ${seconds.toFixed(2)} s\n`);
