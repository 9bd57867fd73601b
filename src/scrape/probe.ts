import * as cheerio from "cheerio";
import { ScrapeError } from "./errors.js";
import type { Fetcher } from "./fetch.js";
import type { ScrapeMode } from "./scraped.js";
import { SELECTORS } from "./site.js";

/**
 * Auto mode: one GET of the page decides. A tryit page (the SQL editor) needs
 * the browser; a "Your Database" panel whose tables are links is static.
 */
export async function probeMode(fetcher: Fetcher, url: string): Promise<ScrapeMode> {
  const page = await fetcher.get(url);
  const $ = cheerio.load(page.body);
  if ($(SELECTORS.editor).length > 0) return "browser";
  if ($(`${SELECTORS.database} td a[href]`).length > 0) return "static";
  throw new ScrapeError(url, "neither a tryit page nor linked static tables: cannot tell which mode to use", {
    selector: `${SELECTORS.editor} | ${SELECTORS.database} td a[href]`,
  });
}
