import type { Browser } from "puppeteer-core";
import { resolveDbUrl } from "../db/connect.js";
import { loadFolderInto } from "../load/into.js";
import { scrapeBrowser } from "./browser.js";
import { checkScrape } from "./checks.js";
import { Fetcher } from "./fetch.js";
import { Budget, resolveLimits, type ScrapeLimits } from "./limits.js";
import { checkOutFolder, writeScrape, type ScrapeManifest } from "./output.js";
import { hostPolicy, vetUrl } from "./policy.js";
import { probeMode } from "./probe.js";
import { obeyRobots } from "./robots.js";
import type { ScrapedSite, ScrapeProgress } from "./scraped.js";
import { scrapeStatic } from "./static.js";

/**
 * Scrapes the data site's tables into the loader's CSV layout and, with
 * `load`, loads them: vet the URL, read robots.txt, pick the mode, read every
 * table, check counts and headers, write the folder atomically, then hand it
 * to the warehouse loader (its own checks and atomic swap). Any failure before
 * the load leaves the folder and the warehouse as they were.
 */

import { ScrapeOptionError } from "./errors.js";
import { MODES } from "./modes.js";
export { ScrapeError, RefusedError, ScrapeOptionError } from "./errors.js";
export type { ScrapeManifest } from "./output.js";
export { DEFAULT_URL } from "./site.js";
export { MODES } from "./modes.js";

export interface ScrapeOptions extends ScrapeLimits {
  url: string;
  /** Folder for the CSVs and scrape-manifest.json: missing, empty, or a previous scrape. */
  out: string;
  /** Default "auto": probe the page. */
  mode?: "browser" | "static" | "auto";
  /** Load the scrape into the warehouse (`db`) once written and checked. */
  load?: boolean;
  /** Warehouse URL for `load` (default SALES_DB, else the DuckDB file). */
  db?: string;
  /**
   * Hosts allowed besides www.w3schools.com (and SALES_SCRAPE_ALLOW_HOSTS); private addresses must be listed as
   * such.
   */
  allowHosts?: string[];
  signal?: AbortSignal;
  onProgress?: (p: ScrapeProgress) => void;
  /** A running Chromium for browser mode (shared between scrapes); else one is started and closed. */
  browser?: Browser;
  chromiumPath?: string;
}

export async function scrapeSite(options: ScrapeOptions): Promise<{ out: string; manifest: ScrapeManifest }> {
  checkOptions(options);
  const startedAt = new Date();
  const { url, out } = options;
  const onProgress = options.onProgress ?? (() => undefined);
  const limits = resolveLimits(options);
  const policy = hostPolicy(options.allowHosts);
  const budget = new Budget(url, limits, options.signal);
  const fetcher = new Fetcher(policy, budget);

  checkOutFolder(out); // before any request: a refused folder costs the site nothing
  await vetUrl(url, policy);
  const allowed = await obeyRobots(fetcher, budget, url);
  const mode = options.mode === "browser" || options.mode === "static" ? options.mode : await probeMode(fetcher, url);
  onProgress({ message: `scraping ${url} in ${mode} mode` });
  const site: ScrapedSite =
    mode === "browser"
      ? await scrapeBrowser({
          url,
          policy,
          budget,
          browser: options.browser,
          chromiumPath: options.chromiumPath,
          onProgress,
        })
      : await scrapeStatic({ url, fetcher, budget, allowed, onProgress });
  checkScrape(site);
  const manifest = writeScrape(out, site, startedAt);
  onProgress({ message: `wrote ${manifest.files.length} files to ${out}` });

  if (options.load) {
    budget.check();
    await loadFolderInto(resolveDbUrl(options.db), out, onProgress);
  }
  return { out, manifest };
}

/** Options may come from an API body: every field is checked, and the bad one named. */
function checkOptions(options: ScrapeOptions): void {
  const o = options as unknown as Record<string, unknown>;
  if (typeof o !== "object" || o === null) throw new ScrapeOptionError("scrapeSite: expected an options object");
  for (const key of ["url", "out"] as const)
    if (typeof o[key] !== "string" || o[key] === "") throw new ScrapeOptionError(`${key}: expected a non-empty string`);
  if (o.mode !== undefined && !(MODES as readonly unknown[]).includes(o.mode))
    throw new ScrapeOptionError(`mode: expected one of ${MODES.join(", ")}, got ${JSON.stringify(o.mode)}`);
  if (o.db !== undefined && typeof o.db !== "string") throw new ScrapeOptionError("db: expected a database URL string");
  if (o.allowHosts !== undefined && !(Array.isArray(o.allowHosts) && o.allowHosts.every((h) => typeof h === "string")))
    throw new ScrapeOptionError("allowHosts: expected a list of host names");
}
