import type { Table } from "../analyse/analysis.js";
import { formatCell } from "../analyse/tables.js";
import { count } from "../analyse/format.js";
import { display, escapeHtml } from "./display.js";

/**
 * Tables in a notebook: an HTML table for Jupyter, aligned text for plain
 * viewers, cells formatted by the same `formatCell` as the report and e-mail.
 */

export interface ShowTableOptions {
  /** Show every row, not only the table's `limit` (default: the limit). */
  all?: boolean;
}

const NUMERIC = new Set(["money", "count", "percent", "growth", "decimal"]);

export function tableHtml(table: Table, options: ShowTableOptions = {}): string {
  const { rows, hidden } = visible(table, options);
  const align = (c: Table["columns"][number]) =>
    NUMERIC.has(c.format ?? "text") ? ' style="text-align:right"' : ' style="text-align:left"';
  const head = table.columns.map((c) => `<th${align(c)}>${escapeHtml(c.label)}</th>`).join("");
  const body = rows
    .map(
      (row) =>
        `<tr>${table.columns.map((c) => `<td${align(c)}>${escapeHtml(formatCell(row[c.key], c.format))}</td>`).join("")}</tr>`,
    )
    .join("\n");
  const more = hidden
    ? `<p><em>${count(hidden)} more ${hidden === 1 ? "row" : "rows"} not shown (${count(table.rows.length)} in all).</em></p>`
    : "";
  return `<table>\n<caption style="text-align:left;font-weight:bold">${escapeHtml(table.title)}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>${more}`;
}

export function tableText(table: Table, options: ShowTableOptions = {}): string {
  const { rows, hidden } = visible(table, options);
  const cells = [
    table.columns.map((c) => c.label),
    ...rows.map((row) => table.columns.map((c) => formatCell(row[c.key], c.format))),
  ];
  const widths = table.columns.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (NUMERIC.has(table.columns[i].format ?? "text") ? v.padStart(widths[i]) : v.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  const out = [table.title, ...cells.map(line)];
  if (hidden) out.push(`(${count(hidden)} more rows not shown)`);
  return out.join("\n");
}

export function showTable(table: Table, options: ShowTableOptions = {}): void {
  display({ "text/html": tableHtml(table, options), "text/plain": tableText(table, options) });
}

function visible(table: Table, options: ShowTableOptions) {
  const n = options.all || table.limit === undefined ? table.rows.length : Math.min(table.limit, table.rows.length);
  return { rows: table.rows.slice(0, n), hidden: table.rows.length - n };
}
