import { headerKey } from "../load/validate.js";
import { ScrapeError } from "./errors.js";
import type { ScrapedSite } from "./scraped.js";
import { SELECTORS, SITE_TABLES } from "./site.js";

/**
 * The checks between scraping and writing: every required table is there,
 * with the expected headers, and as many rows as both the page's "Number of
 * Records" and the "Your Database" panel say. The first failure is thrown,
 * naming the URL, the table and the selector; nothing is written after it.
 */
export function checkScrape(site: ScrapedSite): void {
  for (const { site: name, source } of SITE_TABLES) {
    const listed = site.databaseCounts[name];
    const scraped = site.tables.find((t) => t.site === name);
    if (listed === undefined) {
      if (source.optional) continue;
      throw new ScrapeError(site.url, `the site's "Your Database" panel lists no ${name} table`, {
        table: name,
        selector: SELECTORS.database,
      });
    }
    if (!scraped)
      throw new ScrapeError(site.url, `the ${name} table was not read`, { table: name, selector: SELECTORS.result });

    const expected = source.columns.map((c) => c.header);
    const shown = scraped.headers.map(headerKey);
    const missing = expected.filter((h) => !shown.includes(headerKey(h)));
    const unknown = scraped.headers.filter((h) => !expected.some((e) => headerKey(e) === headerKey(h)));
    if (missing.length || unknown.length || new Set(shown).size !== shown.length)
      throw new ScrapeError(
        site.url,
        `the result table's headers changed: expected ${expected.join(", ")}; the page shows ${scraped.headers.join(", ") || "none"}`,
        { table: name, selector: `${SELECTORS.result} th` },
      );
    const ragged = scraped.rows.findIndex((row) => row.length !== scraped.headers.length);
    if (ragged >= 0)
      throw new ScrapeError(
        site.url,
        `result row ${ragged + 1} has ${scraped.rows[ragged].length} cells, the header ${scraped.headers.length}`,
        { table: name, selector: `${SELECTORS.result} td` },
      );
    if (scraped.rows.length !== scraped.recordsShown || scraped.rows.length !== listed)
      throw new ScrapeError(
        site.url,
        `read ${scraped.rows.length} rows, but the page says "Number of Records: ${scraped.recordsShown}" ` +
          `and "Your Database" lists ${listed}; nothing was written or loaded`,
        { table: name, selector: `${SELECTORS.result} tr` },
      );
  }
}
