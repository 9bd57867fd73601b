import type { QueryRecord } from "../analyse/analysis.js";
import { plural } from "../analyse/format.js";
import type { Section } from "../notebook/section.js";
import type { RunSummary } from "./model.js";

/**
 * The report's appendix: every query behind its figures, with its row count, so any number can be traced to its
 * SQL.
 */

export interface QueryView {
  number: number;
  name: string;
  rows: string;
  params: string;
  sql: string;
  /** Where its figures appear: "figures.json" (the analyses, the cover), "§2" (a section), … */
  usedBy: string;
  /** Too long to keep on one page. */
  long: boolean;
}

/**
 * Every distinct query behind the pack, once, in the order first run: the
 * analyses' (the cover and figures.json), then those only a notebook ran.
 * Each says where its figures are shown.
 */
export function queryViews(run: RunSummary, sections: readonly Section[]): QueryView[] {
  const byKey = new Map<string, { record: QueryRecord; used: string[] }>();
  const add = (q: QueryRecord, where: string) => {
    // Temporary tables are named per process (analysis_orders_9885_1): the same query by another name.
    const key = `${q.name}\0${q.sql.replace(/(_\d+)+\b/g, "_n")}\0${JSON.stringify(q.params)}`;
    const entry = byKey.get(key) ?? { record: q, used: [] };
    if (!entry.used.includes(where)) entry.used.push(where);
    byKey.set(key, entry);
  };
  // The sales cube feeds report.html's explorer, not figures.json.
  for (const q of run.queries) add(q, q.name === "analyses/sales_cube" ? "explorer" : "figures.json");
  sections.forEach((s, i) => {
    for (const q of s.queries ?? []) add(q, `§${i + 1}`);
  });
  return [...byKey.values()].map(({ record: q, used }, i) => ({
    number: i + 1,
    name: q.name,
    rows: plural(q.rows, "row"),
    params: Object.entries(q.params)
      .map(([k, v]) => `$${k} = ${JSON.stringify(v)}`)
      .join(", "),
    // Templates leave blank lines where a block was left out.
    sql: q.sql.trim().replace(/\n\s*\n(\s*\n)+/g, "\n\n"),
    usedBy: used.join(", "),
    long: q.sql.split("\n").length > LONG_QUERY_LINES,
  }));
}

/** Lines of SQL that fit a page at the appendix's usual size (6.8 pt); longer ones are set smaller. */
const LONG_QUERY_LINES = 60;
