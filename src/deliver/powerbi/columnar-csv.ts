import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { cell } from "./cells.js";
import type { ColumnarRows, StarTable } from "./star-table.js";

/**
 * Writes columns (a million customers' answers, the calendar) as a CSV with
 * the table's header, streaming row by row: no row object is ever made.
 * `spreadsheet: false` (and no BOM) only for the plain CSV a Parquet file is
 * converted from.
 */
export async function writeColumnarCsv(
  table: StarTable,
  rows: ColumnarRows,
  path: string,
  options: { spreadsheet?: boolean } = {},
): Promise<void> {
  const guard = options.spreadsheet !== false;
  const columns = table.columns.map((c) => {
    const values = rows.columns[c.name];
    if (!values) throw new Error(`Power BI table ${table.name}: no values for column ${c.name}`);
    return { values, type: c.type };
  });
  const source = Readable.from(
    (function* () {
      for (let i = 0; i < rows.length; i++) yield columns.map((c) => cell(c.values[i], c.type, guard));
    })(),
  );
  await pipeline(
    source,
    stringify({ header: true, bom: guard, columns: table.columns.map((c) => c.name) }),
    createWriteStream(path),
  );
}
