/**
 * The parts of the real extract that the synthetic business keeps: products
 * with their prices, suppliers, shippers, employees and the category names.
 * They are read from the delivered files at generation time, cleaned of the
 * extract's padding, so generated data sets keep the same IDs and prices.
 */

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { clean } from "../load/extract.js";
import { headerKey } from "../load/validate.js";
import { table, type SourceTable } from "../load/schema.js";

/** The real extract, beside the sources: <project>/data. */
export const DEFAULT_REFERENCE_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/** A table's rows as cleaned text, in the schema's column order. */
export interface ReferenceTable {
  table: SourceTable;
  rows: string[][];
}

export interface Product {
  id: number;
  categoryId: number;
  price: number;
}

export interface Reference {
  suppliers: ReferenceTable;
  shippers: ReferenceTable;
  employees: ReferenceTable;
  products: ReferenceTable;
  /** categories.csv is optional in the extract too; undefined when absent. */
  categories: ReferenceTable | undefined;
}

export function readReference(dir: string = DEFAULT_REFERENCE_DIR): Reference {
  const categories = table("categories");
  return {
    suppliers: readReferenceTable(dir, table("suppliers")),
    shippers: readReferenceTable(dir, table("shippers")),
    employees: readReferenceTable(dir, table("employees")),
    products: readReferenceTable(dir, table("products")),
    categories: existsSync(join(dir, categories.file)) ? readReferenceTable(dir, categories) : undefined,
  };
}

export function readReferenceTable(dir: string, source: SourceTable): ReferenceTable {
  const path = join(dir, source.file);
  if (!existsSync(path))
    throw new Error(`reference file ${path} is missing: the generator reuses the extract's ${source.name}`);
  const records = parse(decode(readFileSync(path)), { relax_column_count: true, skip_empty_lines: true });
  const headers = records[0].map(headerKey);
  const positions = source.columns.map((c) => {
    const at = headers.indexOf(headerKey(c.header));
    if (at < 0) throw new Error(`${path} has no ${c.header} column`);
    return at;
  });
  const rows = records.slice(1).map((record) => positions.map((at) => clean(record[at] ?? "")));
  return { table: source, rows };
}

/** The value of `header` in a row of `ref`. */
export function field(ref: ReferenceTable, row: readonly string[], header: string): string {
  const at = ref.table.columns.findIndex((c) => c.header === header);
  if (at < 0) throw new Error(`${ref.table.name} has no ${header} column`);
  return row[at];
}

export function products(ref: Reference): Product[] {
  return ref.products.rows.map((row) => ({
    id: Number(field(ref.products, row, "ProductID")),
    categoryId: Number(field(ref.products, row, "CategoryID")),
    price: Number(field(ref.products, row, "Price")),
  }));
}

/** UTF-8 when the bytes are valid UTF-8 (categories.csv), else cp1252 as IT delivers. */
function decode(bytes: Buffer): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return iconv.decode(bytes, "win1252");
  }
}
