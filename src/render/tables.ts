import type { Table } from "../analyse/analysis.js";
import { formatCell, type CellFormat } from "../analyse/tables.js";

/**
 * A table as the report and the e-mail print it: every cell written by the
 * analyses' own `formatCell` (as the notebooks write it), numbers aligned
 * right, and a note on the rows left out (all are in figures.json).
 */

export interface RenderedTable {
  id: string;
  title: string;
  /** `width`: a share of the table for columns of long text (lists of names), else "". */
  columns: { label: string; numeric: boolean; width: string }[];
  rows: { cells: { text: string; numeric: boolean; nowrap: boolean; tone?: "up" | "down" }[] }[];
  /** "narrow" (a few columns), "", "dense" or "denser": wide tables get smaller type to fit an A4 column. */
  density: string;
  /** Eight columns or more: small type everywhere (the e-mail keys off this). */
  compact: boolean;
  /** Short enough to keep on one page. */
  keep: boolean;
  /** Rows not shown, when the table has a limit. */
  hidden: number;
  total: number;
}

const NUMERIC: ReadonlySet<CellFormat> = new Set(["money", "count", "percent", "growth", "decimal"]);

/** Text that is a formatted number ("$386,424.23", "9.2%", "n/a", "74 of 91"): aligned like one. */
const NUMBER_TEXT = /^(n\/a|[-+−]?\$?[\d,.]+(%| [KMB])?|[\d,]+ of [\d,]+)$/;
const DATE_TEXT = /^\d{4}-\d{2}(-\d{2})?(\.\.\d{4}-\d{2})?$/;
const LONG_TEXT = 60;
/** Tables this short stay on one page. */
const KEEP_ROWS = 18;

export function renderTable(table: Table): RenderedTable {
  const shown = table.limit !== undefined ? table.rows.slice(0, table.limit) : table.rows;
  const rows = shown.map((row) =>
    table.columns.map((c) => {
      const value = row[c.key];
      const format = c.format ?? "text";
      const text = formatCell(value, format);
      const tone: "up" | "down" | undefined =
        format === "growth" && typeof value === "number" && value !== 0 ? (value > 0 ? "up" : "down") : undefined;
      // Dates align right too, so a column of figures and dates reads as one.
      const numeric = NUMERIC.has(format) || NUMBER_TEXT.test(text) || DATE_TEXT.test(text);
      return { text, numeric, nowrap: numeric, ...(tone ? { tone } : {}) };
    }),
  );
  const n = table.columns.length;
  const long = table.columns.map((_, i) => n > 3 && rows.some((r) => r[i].text.length > LONG_TEXT));
  const longCount = long.filter(Boolean).length;
  return {
    id: table.id,
    title: table.title,
    columns: table.columns.map((c, i) => ({
      label: c.label,
      numeric:
        NUMERIC.has(c.format ?? "text") || (rows.length > 0 && rows.every((r) => r[i].numeric || r[i].text === "")),
      // Long text takes the room it needs to stay readable; the numbers wrap no line.
      width: long[i] ? `${Math.round(60 / Math.max(longCount, 4 / 3))}%` : "",
    })),
    rows: rows.map((cells) => ({ cells })),
    keep: shown.length <= KEEP_ROWS,
    compact: n >= 8,
    density: n <= 3 ? "narrow" : n >= 11 ? "denser" : n >= 8 ? "dense" : "",
    hidden: table.rows.length - shown.length,
    total: table.rows.length,
  };
}
