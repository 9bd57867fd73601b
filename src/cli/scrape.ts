import { plural } from "../analyse/format.js";
import { checkDbUrl, UnknownDatabaseError } from "../db/connect.js";
import { ScrapeOptionError } from "../scrape/errors.js";
import { DEFAULT_LIMITS } from "../scrape/limits.js";
import { MODES } from "../scrape/modes.js";
import { ALLOW_HOSTS_ENV } from "../scrape/policy.js";
import { DEFAULT_URL } from "../scrape/site.js";
import { dbOption } from "./options.js";
import {
  defineCommand,
  integer,
  isMain,
  main,
  PROGRESS_OPTIONS,
  progressReporter,
  progressWanted,
  UsageError,
} from "./run.js";

const number = (flag: string, text: string | undefined, scale = 1): number | undefined => {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(
      `${flag}: expected a number of ${flag === "--retries" || flag === "--max-pages" ? "times" : "units"} >= 0, got ${text}`,
    );
  return value * scale;
};

export const command = defineCommand({
  name: "scrape",
  description: `
Reads the sales database's tables from the data site (the W3Schools SQL Tryit
Editor, --url's default) and writes them in the extract's layout: Customers.csv,
Employees.csv, Shippers.csv, Suppliers.csv, Products.csv, Orders.csv,
OrderDetails.csv (and categories.csv when the site has Categories), UTF-8 with
ISO dates as the site shows them, plus scrape-manifest.json (source URL, time,
tool version, rows per table, the site's own record counts, sha256 per file).

Before anything is written, every table's rows must equal the page's "Number
of Records" and the "Your Database" panel's count, and its headers must be the
expected ones; otherwise the command names the URL, the table and the selector
that failed, exits 1, and writes and loads nothing.

Modes: browser (headless Chromium drives the tryit page: SELECT * FROM <table>,
Run SQL, read the result table; CHROMIUM_PATH, default /usr/bin/chromium),
static (server-rendered pages of tables, following "next" links), auto (one
request decides: an SQL editor means browser).`,
  epilogue: `
The scraper names itself in its user agent, obeys robots.txt, fetches only
from allowed hosts (redirects to another host are refused), and treats what
it reads as text. Progress goes to stderr when it is a terminal or when
SALES_PROGRESS=1; the last line on stdout says what was scraped.

Exit codes: 0 scraped (and loaded), 1 the scrape, its checks or the load failed, 2 usage error.`,
  options: {
    url: { type: "string", value: "URL", default: DEFAULT_URL, description: "the page to scrape" },
    out: {
      type: "string",
      value: "DIR",
      default: "data/scraped",
      description:
        "output folder; it must be missing, empty or a previous scrape (it has scrape-manifest.json) " +
        "holding only the files it wrote, and is replaced whole only once the scrape passed its checks",
    },
    mode: { type: "string", value: "M", default: "auto", description: "browser, static or auto" },
    load: {
      type: "boolean",
      default: false,
      description:
        "then load the folder into the warehouse, with the loader's checks and atomic swap (a failed load changes nothing)",
    },
    db: { ...dbOption, description: `warehouse for --load: ${dbOption.description.replace(/^the warehouse: /, "")}` },
    "allow-host": {
      type: "string",
      value: "H",
      multiple: true,
      description:
        `also allow host H (repeatable); the default allows only www.w3schools.com, ${ALLOW_HOSTS_ENV}=a,b adds more. ` +
        "A private, loopback or link-local address is refused unless the address itself is listed (e.g. 127.0.0.1)",
    },
    timeout: {
      type: "string",
      value: "S",
      description: "seconds for one request or page step",
      defaultText: String(DEFAULT_LIMITS.timeoutMs / 1000),
    },
    "total-timeout": {
      type: "string",
      value: "S",
      description: "seconds for the whole scrape",
      defaultText: String(DEFAULT_LIMITS.totalTimeoutMs / 1000),
    },
    retries: {
      type: "string",
      value: "N",
      description: "retries after a 5xx, 429 or timeout, with exponential backoff and Retry-After honoured",
      defaultText: String(DEFAULT_LIMITS.retries),
    },
    rate: {
      type: "string",
      value: "S",
      description: "least seconds between two requests (robots.txt's Crawl-delay wins when longer)",
      defaultText: String(DEFAULT_LIMITS.rateLimitMs / 1000),
    },
    "max-pages": {
      type: "string",
      value: "N",
      description: "pages fetched at most",
      defaultText: String(DEFAULT_LIMITS.maxPages),
    },
    "max-mb": {
      type: "string",
      value: "N",
      description: "megabytes read from the site at most",
      defaultText: String(DEFAULT_LIMITS.maxBytes / 2 ** 20),
    },
    ...PROGRESS_OPTIONS,
  },
  async run(values) {
    if (!(MODES as readonly string[]).includes(values.mode!))
      throw new UsageError(`--mode: expected ${MODES.join(", ")}, got ${values.mode}`);
    try {
      if (values.db) checkDbUrl(values.db);
    } catch (error) {
      throw error instanceof UnknownDatabaseError ? new UsageError(`--db: ${error.message}`) : error;
    }
    const progress = progressReporter(progressWanted(values));
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once("SIGINT", stop);
    try {
      // Loaded here, not at the top: --help and a usage error need neither the scraper nor Chromium's driver.
      const { scrapeSite } = await import("../scrape/index.js");
      const { out, manifest } = await scrapeSite({
        url: values.url!,
        out: values.out!,
        mode: values.mode as (typeof MODES)[number],
        load: values.load,
        db: values.db,
        allowHosts: values["allow-host"],
        signal: controller.signal,
        timeoutMs: number("--timeout", values.timeout, 1000),
        totalTimeoutMs: number("--total-timeout", values["total-timeout"], 1000),
        retries: number("--retries", values.retries),
        rateLimitMs: number("--rate", values.rate, 1000),
        maxPages: number("--max-pages", values["max-pages"]),
        maxBytes: number("--max-mb", values["max-mb"], 2 ** 20),
        onProgress: (p) => progress.report(p.message, true),
      });
      progress.done();
      const tables = manifest.files.map((f) => `${f.table} ${integer.format(f.rows)}`).join(", ");
      process.stdout.write(
        `scraped ${plural(manifest.files.length, "table")} from ${manifest.source} (${manifest.mode} mode) into ${out} ` +
          `in ${manifest.seconds.toFixed(1)} s${values.load ? " and loaded them" : ""}: ${tables}\n`,
      );
    } catch (error) {
      if (error instanceof ScrapeOptionError) throw new UsageError(error.message);
      throw error;
    } finally {
      progress.done();
      process.off("SIGINT", stop);
    }
  },
});

if (isMain(import.meta.url)) await main(command);
