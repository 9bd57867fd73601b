import type { SiteData } from "./data.js";

/**
 * The replica's static kind: the same tables as server-rendered HTML. The
 * index lists them in a "Your Database" panel, each name a link to its first
 * page; a page shows "Number of Records: N", a slice of the table and a
 * `rel="next"` link until the last. Every cell is HTML-escaped.
 */

export interface StaticSettings {
  pageSize: number;
  resultClass?: string;
  cutShort?: { table: string; rows: number };
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const page = (title: string, body: string) =>
  `<!DOCTYPE html>\n<html lang="en-US">\n<head><meta charset="utf-8"><title>${escape(title)}</title></head>\n<body>\n${body}\n</body>\n</html>\n`;

export function staticIndex(tables: readonly SiteData[], base: string): string {
  const rows = tables
    .map(
      (t) =>
        `<tr><td><a href="${base}${encodeURIComponent(t.name)}?page=1">${escape(t.name)}</a></td><td style="text-align:right;">${t.rows.length}</td></tr>`,
    )
    .join("\n");
  return page(
    "SQL Database (static)",
    `<h4>Your Database:</h4>\n<div id="yourDB"><table width="100%"><tr><th>Tablename</th><th>Records</th></tr>\n${rows}\n</table></div>`,
  );
}

/** Page `n` (1-based) of a table, or undefined past the last. */
export function staticTablePage(t: SiteData, n: number, settings: StaticSettings): string | undefined {
  const pages = Math.max(1, Math.ceil(t.rows.length / settings.pageSize));
  if (!(n >= 1 && n <= pages)) return undefined;
  let slice = t.rows.slice((n - 1) * settings.pageSize, n * settings.pageSize);
  if (n === pages && settings.cutShort?.table === t.name)
    slice = slice.slice(0, Math.max(0, slice.length - settings.cutShort.rows));
  const head = `<tr>${t.columns.map((c) => `<th>${escape(c.name)}</th>`).join("")}</tr>`;
  const body = slice
    .map(
      (row) =>
        `<tr>${row.map((cell) => (cell === null ? "<td><i>null</i></td>" : `<td>${escape(cell)}</td>`)).join("")}</tr>`,
    )
    .join("\n");
  const next = n < pages ? `<a rel="next" href="?page=${n + 1}">Next »</a>` : "";
  const cls = `${settings.resultClass ?? "ws-table-all"} notranslate`;
  return page(
    `${t.name}, page ${n} of ${pages}`,
    `<div id="divResultSQL"><div style="padding:10px;"><div style="margin-bottom:10px;">Number of Records: ${t.rows.length}</div>\n` +
      `<table class="${escape(cls)}">\n${head}\n${body}\n</table>\n<p>Page ${n} of ${pages} ${next}</p></div></div>`,
  );
}
