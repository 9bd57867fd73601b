import * as cheerio from "cheerio";
import { countsOf } from "./browser.js";
import { RefusedError, ScrapeError } from "./errors.js";
import type { Fetcher } from "./fetch.js";
import type { Budget } from "./limits.js";
import type { ScrapedSite, ScrapedTable, ScrapeProgress } from "./scraped.js";
import { NULL_MARK, RECORDS, SELECTORS, SITE_TABLES } from "./site.js";

/**
 * Static mode: the same tables as server-rendered HTML. The index page's
 * "Your Database" panel links each table to its first page; each page shows
 * "Number of Records: N", a slice of the result table and a "next" link
 * (`a[rel=next]`) until the last. Parsed with cheerio, which builds a tree
 * and runs nothing; cells are read as text.
 */

export interface StaticScrape {
  url: string;
  fetcher: Fetcher;
  budget: Budget;
  /** Throws when robots.txt disallows the URL. */
  allowed: (url: string) => void;
  onProgress: (p: ScrapeProgress) => void;
}

export async function scrapeStatic(job: StaticScrape): Promise<ScrapedSite> {
  const { url, fetcher } = job;
  const index = await fetcher.get(url);
  const $ = cheerio.load(index.body);
  if ($(SELECTORS.database).length === 0)
    throw new ScrapeError(url, `no "Your Database" panel: not a page of static tables`, {
      selector: SELECTORS.database,
    });
  const rows = $(`${SELECTORS.database} tr`)
    .toArray()
    .map((tr) =>
      $(tr)
        .find("td")
        .toArray()
        .map((td) => $(td).text().trim()),
    )
    .filter((cells) => cells.length >= 2);
  const databaseCounts = countsOf(rows, url);
  job.onProgress({
    message: `Your Database: ${Object.entries(databaseCounts)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ")}`,
  });

  const tables: ScrapedTable[] = [];
  for (const { site } of SITE_TABLES) {
    if (databaseCounts[site] === undefined) continue;
    const link = $(`${SELECTORS.database} td a`)
      .toArray()
      .find((a) => $(a).text().trim() === site);
    const href = link && $(link).attr("href");
    if (!href)
      throw new ScrapeError(url, `"Your Database" has no link to the ${site} table`, {
        table: site,
        selector: `${SELECTORS.database} td a`,
      });
    tables.push(await readTable(job, site, new URL(href, index.url).href));
  }
  return { url, mode: "static", databaseCounts, tables };
}

/** Every page of one table, following "next" links on the same host. */
async function readTable(job: StaticScrape, site: string, first: string): Promise<ScrapedTable> {
  const host = new URL(job.url).host;
  const seen = new Set<string>();
  const table: ScrapedTable = { site, headers: [], rows: [], recordsShown: -1 };
  for (let next: string | undefined = first; next;) {
    if (new URL(next).host !== host)
      throw new RefusedError(job.url, `"next" link to ${next} refused: it leaves ${host}`, { table: site });
    if (seen.has(next))
      throw new ScrapeError(next, `the "next" links go round in a circle`, { table: site, selector: SELECTORS.next });
    seen.add(next);
    job.allowed(next);
    const page = await job.fetcher.get(next, { table: site });
    const $ = cheerio.load(page.body);
    const root = $(SELECTORS.result);
    if (root.length === 0)
      throw new ScrapeError(page.url, "no result on the page", { table: site, selector: SELECTORS.result });
    const count = RECORDS.exec(root.text());
    if (!count)
      throw new ScrapeError(page.url, `no "Number of Records" line`, { table: site, selector: SELECTORS.result });
    const shown = Number(count[1].replace(/,/g, ""));
    if (table.recordsShown >= 0 && shown !== table.recordsShown)
      throw new ScrapeError(
        page.url,
        `"Number of Records" changed from ${table.recordsShown} to ${shown} between pages`,
        { table: site, selector: SELECTORS.result },
      );
    table.recordsShown = shown;
    const element = root.find(SELECTORS.resultTable).first();
    if (shown > 0 && element.length === 0)
      throw new ScrapeError(page.url, `the result shows "Number of Records" but no result table`, {
        table: site,
        selector: `${SELECTORS.result} ${SELECTORS.resultTable}`,
      });
    const trs = element.find("tr").toArray();
    const headers = trs.length
      ? $(trs[0])
          .find("th")
          .toArray()
          .map((th) => $(th).text().trim())
      : [];
    if (table.headers.length === 0) table.headers = headers;
    else if (headers.join("\u0000") !== table.headers.join("\u0000"))
      throw new ScrapeError(page.url, `the headers changed between pages`, {
        table: site,
        selector: `${SELECTORS.result} th`,
      });
    for (const tr of trs.slice(1)) table.rows.push(cellsOf(tr as unknown as Node));
    job.onProgress({ table: site, rows: table.rows.length, message: `${site}: ${table.rows.length} of ${shown} rows` });
    const href = root.find(SELECTORS.next).first().attr("href") ?? $(SELECTORS.next).first().attr("href");
    next = href ? new URL(href, page.url).href : undefined;
  }
  if (table.recordsShown < 0) table.recordsShown = 0;
  return table;
}

/** The parsed tree's nodes, as far as reading cells needs (a cheerio wrapper per cell costs 10x more). */
interface Node {
  type: string;
  name?: string;
  data?: string;
  children?: Node[];
}

const textOf = (node: Node): string =>
  node.type === "text" ? (node.data ?? "") : (node.children ?? []).map(textOf).join("");

/** A row's td cells as text; the site's NULL (`<td><i>null</i></td>`) is "". */
function cellsOf(tr: Node): string[] {
  const cells: string[] = [];
  for (const td of tr.children ?? []) {
    if (td.type !== "tag" || td.name !== "td") continue;
    const elements = (td.children ?? []).filter((c) => c.type === "tag");
    const text = textOf(td);
    cells.push(elements.length === 1 && elements[0].name === "i" && text.trim() === NULL_MARK ? "" : text);
  }
  return cells;
}
