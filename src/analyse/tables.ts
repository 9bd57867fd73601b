import type { Table } from "./analysis.js";
import { count, decimal, growth, money, percent } from "./format.js";

/**
 * Tables as every reader sees them: the notebook, the report and the e-mail
 * format each cell with `formatCell`, so the commentary's numbers (written
 * with the same formatters) can be found in its tables.
 */

export type Column = Table["columns"][number];
export type CellFormat = NonNullable<Column["format"]>;

export function formatCell(value: string | number | null | undefined, format: CellFormat = "text"): string {
  if (value === null || value === undefined) return format === "growth" ? growth(null) : "";
  if (typeof value === "string") return value;
  switch (format) {
    case "money":
      return money(value);
    case "count":
      return count(value);
    case "percent":
      return percent(value);
    case "growth":
      return growth(value);
    case "decimal":
      return decimal(value);
    default:
      return String(value);
  }
}

/** Every cell of a table, formatted, row by row. */
export function formattedRows(table: Table): string[][] {
  return table.rows.map((row) => table.columns.map((c) => formatCell(row[c.key], c.format)));
}

/**
 * A two-column table of the figures the commentary quotes that no other table
 * holds (totals, counts, thresholds), already formatted because its rows mix
 * money, counts and shares.
 */
export function keyFigures(id: string, title: string, rows: [measure: string, value: string][]): Table {
  return {
    id,
    title,
    columns: [
      { key: "measure", label: "Measure", format: "text" },
      { key: "value", label: "Value", format: "text" },
    ],
    rows: rows.map(([measure, value]) => ({ measure, value })),
  };
}

/** A period as a chart caption: "1997-01", or "All orders on record". */
export const periodCaption = (label: string): string => (label === "all" ? "All orders on record" : label);
