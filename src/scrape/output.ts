import { createHash } from "node:crypto";
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { stringify } from "csv-stringify/sync";
import { headerKey } from "../load/validate.js";
import { inspectFolder, preview } from "../owned-folder.js";
import { TOOL, VERSION } from "./agent.js";
import type { ScrapedSite } from "./scraped.js";
import { SITE_TABLES } from "./site.js";

/**
 * The scrape on disk: one CSV per table in the loader's layout (its file
 * names, its headers in its order; UTF-8, ISO dates as the site shows them)
 * and scrape-manifest.json. Written to a temporary folder beside the target
 * and renamed into place, so a folder is either the previous scrape or the
 * new one, never half of each. A non-empty folder that is not a scrape (no
 * manifest) is refused: it may hold a user's files.
 */

export const MANIFEST = "scrape-manifest.json";

interface ScrapedFile {
  /** The table's name on the site. */
  table: string;
  file: string;
  rows: number;
  /** The page's "Number of Records". */
  recordsShown: number;
  /** The "Your Database" panel's count. */
  siteCount: number;
  sha256: string;
}

export interface ScrapeManifest {
  tool: string;
  version: string;
  source: string;
  mode: "browser" | "static";
  startedAt: string;
  finishedAt: string;
  seconds: number;
  /** The "Your Database" panel as the site showed it, every table it listed. */
  siteCounts: Record<string, number>;
  files: ScrapedFile[];
}

/**
 * Throws unless `out` is missing, empty, or a previous scrape holding only
 * what it wrote: the folder is replaced whole, so a file its manifest does
 * not name (someone's notes, a file copied in) is refused, not lost.
 */
export function checkOutFolder(out: string): void {
  const folder = inspectFolder(out, MANIFEST, namedInManifest);
  if (folder.state === "file") throw new Error(`--out ${out} is a file, not a folder`);
  if (folder.state === "foreign")
    throw new Error(
      `--out ${out} is not empty and holds no ${MANIFEST}: refusing to overwrite a folder that is not a previous scrape`,
    );
  if (folder.state === "owned" && folder.foreign.length)
    throw new Error(
      `--out ${out} holds files the previous scrape did not write (${preview(folder.foreign)}): ` +
        `move them away or choose another folder`,
    );
}

function namedInManifest(json: unknown): string[] | null {
  const files = (json as Partial<ScrapeManifest> | null)?.files;
  return Array.isArray(files) && files.every((f) => typeof f?.file === "string") ? files.map((f) => f.file) : null;
}

export function writeScrape(out: string, site: ScrapedSite, startedAt: Date): ScrapeManifest {
  checkOutFolder(out);
  const target = resolve(out);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.scraping-${process.pid}-${Date.now()}`);
  mkdirSync(temp);
  try {
    const files: ScrapedFile[] = [];
    for (const { site: name, source } of SITE_TABLES) {
      const scraped = site.tables.find((t) => t.site === name);
      if (!scraped) continue;
      const positions = source.columns.map((c) =>
        scraped.headers.findIndex((h) => headerKey(h) === headerKey(c.header)),
      );
      const records = [
        source.columns.map((c) => c.header),
        ...scraped.rows.map((row) => positions.map((at) => row[at])),
      ];
      const bytes = Buffer.from(stringify(records, { record_delimiter: "\n" }), "utf8");
      writeFileSync(join(temp, source.file), bytes);
      files.push({
        table: name,
        file: source.file,
        rows: scraped.rows.length,
        recordsShown: scraped.recordsShown,
        siteCount: site.databaseCounts[name],
        sha256: createHash("sha256").update(bytes).digest("hex"),
      });
    }
    const finishedAt = new Date();
    const manifest: ScrapeManifest = {
      tool: TOOL,
      version: VERSION,
      source: site.url,
      mode: site.mode,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      siteCounts: site.databaseCounts,
      files,
    };
    writeFileSync(join(temp, MANIFEST), JSON.stringify(manifest, null, 2) + "\n");
    swapInto(temp, target);
    return manifest;
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}

/** Renames `temp` to `target`, moving a previous scrape aside first and removing it after. */
function swapInto(temp: string, target: string): void {
  checkOutFolder(target); // again: something may have appeared while the site was read
  if (!existsSync(target)) return renameSync(temp, target);
  const old = `${temp}.previous`;
  renameSync(target, old);
  try {
    renameSync(temp, target);
  } catch (error) {
    renameSync(old, target);
    throw error;
  }
  rmSync(old, { recursive: true, force: true });
}
