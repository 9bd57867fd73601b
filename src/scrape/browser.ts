import { isIP } from "node:net";
import { TimeoutError, type Browser, type HTTPResponse, type Page } from "puppeteer-core";
import { launchChromium } from "../chromium/launch.js";
import { USER_AGENT } from "./agent.js";
import { RefusedError, ScrapeError, triesWords } from "./errors.js";
import { retryAfter } from "./fetch.js";
import { MAX_RETRY_AFTER_MS, seconds, type Budget } from "./limits.js";
import { vetUrl, type HostPolicy } from "./policy.js";
import { call, DATABASE_ROWS, HIDE_RESULT, READ_RESULT, RESULT_SHOWN, START_QUERY } from "./in-page.js";
import type { ScrapedSite, ScrapedTable, ScrapeProgress } from "./scraped.js";
import { NULL_MARK, RECORDS, SELECTORS, selectAll, SITE_TABLES } from "./site.js";

/**
 * Browser mode: the tryit page in headless Chromium, as a person uses it. For
 * each table it sets `SELECT * FROM <table>` in the editor, clicks Run, waits
 * for "Number of Records: N" and the result table, and reads headers and
 * cells as text (textContent: nothing from the site is run or interpreted).
 * The page may only reach its own host: every other request (a redirect,
 * another site's script) is aborted, and Chromium resolves the host to the
 * address the policy checked.
 */

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
  "--disable-extensions",
  "--disable-default-apps",
  "--mute-audio",
];

/**
 * Starts the Chromium the scraper drives; tests share one across scrapes (pass
 * it as `browser`). It never outlives this process (src/chromium/launch.ts) and
 * its profile goes when it disconnects.
 */
export async function launchBrowser(executablePath = CHROMIUM_PATH, extraArgs: string[] = []): Promise<Browser> {
  try {
    const chromium = await launchChromium({
      executablePath,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      purpose: "scrape",
    });
    return chromium.browser;
  } catch (error) {
    throw new Error(
      `could not start Chromium at ${executablePath} for browser mode (set CHROMIUM_PATH, or use --mode static): ${(error as Error).message}`,
    );
  }
}

export interface BrowserScrape {
  url: string;
  policy: HostPolicy;
  budget: Budget;
  /** A running Chromium to open a private context in; else one is started and closed. */
  browser?: Browser;
  chromiumPath?: string;
  onProgress: (p: ScrapeProgress) => void;
}

export async function scrapeBrowser(job: BrowserScrape): Promise<ScrapedSite> {
  const { url, budget } = job;
  const vetted = await vetUrl(url, job.policy);
  const host = vetted.url.hostname;
  // Pin Chromium's resolution of the host to the checked address (DNS rebinding).
  const pin = isIP(host)
    ? []
    : [`--host-resolver-rules=MAP ${host} ${vetted.family === 6 ? `[${vetted.address}]` : vetted.address}`];
  job.onProgress({ message: `starting Chromium for ${vetted.url.host}` });
  const browser = job.browser ?? (await launchBrowser(job.chromiumPath, pin));
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setUserAgent(USER_AGENT);
    page.on("dialog", (dialog) => void dialog.dismiss().catch(() => undefined));
    const refused: string[] = [];
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const target = new URL(request.url());
      const local = target.protocol === "data:" || target.protocol === "blob:" || target.protocol === "about:";
      if (local || target.host === vetted.url.host) return void request.continue().catch(() => undefined);
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) refused.push(target.href);
      void request.abort("blockedbyclient").catch(() => undefined);
    });
    page.on("response", (response) => {
      const length = Number(response.headers()["content-length"] ?? 0);
      if (length > 0) budget.bytes += length;
    });

    await open(page, job, refused);
    await checkLayout(page, url);
    // The result is read from the DOM, never looked at: not laying out a table of
    // thousands of rows makes a run ten times faster (13 s to 1 s for 10,000 orders).
    await page.evaluate(call(HIDE_RESULT, SELECTORS)).catch(() => undefined);
    const databaseCounts = await readDatabasePanel(page, url, budget);
    job.onProgress({
      message: `Your Database: ${Object.entries(databaseCounts)
        .map(([t, n]) => `${t} ${n}`)
        .join(", ")}`,
    });

    const tables: ScrapedTable[] = [];
    for (const { site } of SITE_TABLES) {
      if (databaseCounts[site] === undefined) continue; // checks.ts names a missing required table
      budget.check(site);
      await budget.pace();
      const table = await runQuery(page, url, site, budget);
      tables.push(table);
      job.onProgress({ table: site, rows: table.rows.length, message: `${site}: ${table.rows.length} rows` });
    }
    return { url, mode: "browser", databaseCounts, tables };
  } finally {
    await context.close().catch(() => undefined);
    if (!job.browser) await browser.close().catch(() => undefined);
  }
}

/** Chromium's network errors worth another try (a navigation cut off, a dropped connection). */
const TRANSIENT_NET_ERROR =
  /net::ERR_(ABORTED|CONNECTION_RESET|CONNECTION_CLOSED|CONNECTION_REFUSED|EMPTY_RESPONSE|NETWORK_CHANGED|TIMED_OUT)/;

/** Navigates, retrying 5xx, 429 and timeouts with backoff (Retry-After honoured). */
async function open(page: Page, job: BrowserScrape, refused: string[]): Promise<void> {
  const { url, budget } = job;
  const { retries, backoffMs } = budget.limits;
  const failures: string[] = [];
  for (let attempt = 0; ; attempt++) {
    await budget.page();
    let response: HTTPResponse | null = null;
    let failure: string | undefined;
    let wait: number | undefined;
    try {
      job.onProgress({ message: `opening ${url}${attempt ? ` (try ${attempt + 1})` : ""}` });
      response = await page.goto(url, { waitUntil: "domcontentloaded", timeout: budget.stepMs() });
    } catch (error) {
      if (refused.length)
        throw new RefusedError(url, `redirect to ${refused[0]} refused: it leaves ${new URL(url).host}`);
      const message = (error as Error).message;
      if (error instanceof TimeoutError) failure = `no answer within ${seconds(budget.stepMs())} (timed out)`;
      else if (TRANSIENT_NET_ERROR.test(message)) failure = message.split(" at ")[0];
      else throw new ScrapeError(url, `cannot open the page: ${message}`);
    }
    if (refused.length)
      throw new RefusedError(url, `redirect to ${refused[0]} refused: it leaves ${new URL(url).host}`);
    if (failure !== undefined || response === null)
      failure ??= `no answer within ${seconds(budget.stepMs())} (timed out)`;
    else if (response.status() >= 500 || response.status() === 429) {
      failure = `HTTP ${response.status()}`;
      wait = retryAfter(response.headers()["retry-after"]);
    } else if (!response.ok()) throw new ScrapeError(url, `HTTP ${response.status()}`);
    else return;
    failures.push(failure);
    // A timed-out navigation is still pending: end it, or the next one is aborted by it.
    await page.goto("about:blank", { timeout: 5000 }).catch(() => undefined);
    if (attempt >= retries) throw new ScrapeError(url, `${failure} (${triesWords(failures)})`);
    if ((wait ?? 0) > Math.min(MAX_RETRY_AFTER_MS, budget.remainingMs))
      throw new ScrapeError(url, `${failure}, and the site asks to wait ${seconds(wait!)} (Retry-After)`);
    await budget.sleep(Math.max(backoffMs * 2 ** attempt * (1 + Math.random() * 0.2), wait ?? 0));
  }
}

async function checkLayout(page: Page, url: string): Promise<void> {
  for (const selector of [SELECTORS.editor, SELECTORS.run, SELECTORS.result]) {
    if (!(await page.$(selector)))
      throw new ScrapeError(url, "the tryit page's layout changed: no such element", { selector });
  }
}

async function readDatabasePanel(page: Page, url: string, budget: Budget): Promise<Record<string, number>> {
  const selector = `${SELECTORS.database} tr td`;
  try {
    await page.waitForSelector(selector, { timeout: budget.stepMs() });
  } catch {
    throw new ScrapeError(url, `the "Your Database" panel did not appear within ${seconds(budget.stepMs())}`, {
      selector,
    });
  }
  const rows = (await page.evaluate(call(DATABASE_ROWS, SELECTORS))) as string[][];
  return countsOf(rows, url);
}

/** "Your Database" rows (name, count) as counts; a count that is not a number is a changed layout. */
export function countsOf(rows: string[][], url: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, count] of rows) {
    if (!/^\d[\d,]*$/.test(count))
      throw new ScrapeError(url, `"Your Database" shows "${count}" as the record count of ${name}`, {
        table: name,
        selector: `${SELECTORS.database} td`,
      });
    counts[name] = Number(count.replace(/,/g, ""));
  }
  if (Object.keys(counts).length === 0)
    throw new ScrapeError(url, `"Your Database" lists no tables`, { selector: SELECTORS.database });
  return counts;
}

type PageResult = { recordsShown: number; headers: string[]; rows: string[][] } | { missing: string };

async function runQuery(page: Page, url: string, table: string, budget: Budget): Promise<ScrapedTable> {
  const sql = selectAll(table);
  const started = (await page.evaluate(call(START_QUERY, sql, SELECTORS))) as boolean;
  if (!started)
    throw new ScrapeError(url, "no Run button and no w3schoolsSQLSubmit()", { table, selector: SELECTORS.run });
  try {
    await page.waitForFunction(call(RESULT_SHOWN, SELECTORS, RECORDS.source), {
      timeout: budget.stepMs(),
      polling: 50,
    });
  } catch (error) {
    if (!(error instanceof TimeoutError)) throw error;
    throw new ScrapeError(url, `no "Number of Records" within ${seconds(budget.stepMs())} after running ${sql}`, {
      table,
      selector: SELECTORS.result,
    });
  }
  const result = (await page.evaluate(call(READ_RESULT, SELECTORS, RECORDS.source, NULL_MARK))) as PageResult;
  if ("missing" in result)
    throw new ScrapeError(url, `the result shows "Number of Records" but no result table`, {
      table,
      selector: `${SELECTORS.result} ${result.missing}`,
    });
  budget.addBytes(
    result.rows.reduce((n, row) => n + row.reduce((m, cell) => m + cell.length, 0), 0),
    table,
  );
  return { site: table, ...result };
}
