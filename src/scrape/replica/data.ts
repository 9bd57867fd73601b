import { existsSync } from "node:fs";
import { join } from "node:path";
import { readReferenceTable } from "../../generate/reference.js";
import { parseCell } from "../../load/values.js";
import { SITE_TABLES } from "../site.js";

/**
 * A data set in the seven-file layout as the site stores it: cells cleaned
 * the way the loader cleans them, dates in ISO form (the site's SQLite holds
 * 1996-07-04, not the extract's 7/4/1996), an empty cell NULL.
 */

export interface SiteData {
  name: string;
  columns: { name: string; sqlType: "INTEGER" | "REAL" | "TEXT" }[];
  rows: (string | null)[][];
}

export function readSiteData(dir: string): SiteData[] {
  const tables: SiteData[] = [];
  for (const { site, source } of SITE_TABLES) {
    if (!existsSync(join(dir, source.file)) && source.optional) continue;
    const { rows } = readReferenceTable(dir, source);
    const types = source.columns.map((c) => c.type);
    tables.push({
      name: site,
      columns: source.columns.map((c) => ({
        name: c.header,
        sqlType: c.type === "integer" ? "INTEGER" : c.type === "money" || c.type === "decimal" ? "REAL" : "TEXT",
      })),
      rows: rows.map((row) =>
        row.map((cell, i) => {
          if (cell === "") return null;
          if (types[i] !== "date") return cell;
          const iso = parseCell.date(cell);
          return typeof iso === "string" ? iso : cell;
        }),
      ),
    });
  }
  return tables;
}
