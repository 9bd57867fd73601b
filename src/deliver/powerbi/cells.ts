import type { ColumnType } from "./star-table.js";

/**
 * How one value is written to the extract's CSV, the same from every
 * backend: money with cents, ISO dates, booleans as true/false, and text
 * guarded against spreadsheet formulas.
 */

export type CellValue = string | number | boolean | null | undefined;

export function cell(value: CellValue, type: ColumnType, spreadsheet = true): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isNaN(value)) return null;
  // Money as DuckDB writes it, with cents, so the files look the same from every backend.
  if (type === "decimal" && typeof value === "number") return value.toFixed(2);
  if (type === "date") return String(value).slice(0, 10);
  if (type === "boolean") return value === true || value === 1 || value === "true" ? "true" : "false";
  if (type === "text" && typeof value === "string") return spreadsheet ? spreadsheetText(value) : value;
  return value as string | number;
}

/**
 * A name from the data that starts with = + - @ (or a tab or carriage return)
 * is a formula to Excel when the CSV is opened there (CSV injection, OWASP):
 * it gets a leading apostrophe, as OWASP advises, so it shows as text. The
 * Parquet files keep the value as it is: no spreadsheet evaluates them.
 */
export function spreadsheetText(value: string): string {
  return FORMULA_STARTS.includes(value.charAt(0)) ? `'${value}` : value;
}

/** The first characters that make a cell a formula (DuckDB's CSV copies test the same ones). */
export const FORMULA_STARTS: readonly string[] = ["=", "+", "-", "@", "\t", "\r"];

/**
 * The UTF-8 byte order mark the CSV files start with: Excel reads a CSV
 * without it in the machine's ANSI code page, and Mère Paillarde becomes
 * MÃ¨re Paillarde. Power BI and csv parsers skip it.
 */
export const BOM = "\uFEFF";
