import { ScrapeError, ScrapeOptionError } from "./errors.js";

/**
 * The caps and pacing of one scrape, with polite defaults for the real site.
 * (The names follow Crawlee's: maxRequestRetries, maxRequestsPerCrawl,
 * navigation and request-handler timeouts, a same-domain delay.)
 */
export interface ScrapeLimits {
  /** One request or page step (navigation, a query's result); default 30 s. */
  timeoutMs?: number;
  /** The whole scrape; default 10 min. */
  totalTimeoutMs?: number;
  /** Retries after a 5xx, a 429 or a timeout; default 3. */
  retries?: number;
  /** First retry delay, doubled each time (a Retry-After header wins when longer); default 1 s. */
  backoffMs?: number;
  /** Least time between two requests to the site (robots.txt's Crawl-delay wins when longer); default 1 s. */
  rateLimitMs?: number;
  /** Pages fetched (static pages, robots.txt, the tryit page); default 10,000. */
  maxPages?: number;
  /** Bytes read from the site, all pages and results together; default 512 MiB. */
  maxBytes?: number;
}

export const DEFAULT_LIMITS: Required<ScrapeLimits> = {
  timeoutMs: 30_000,
  totalTimeoutMs: 10 * 60_000,
  retries: 3,
  backoffMs: 1000,
  rateLimitMs: 1000,
  maxPages: 10_000,
  maxBytes: 512 * 1024 * 1024,
};

/** The longest Retry-After honoured; a site asking for more is given up on. */
export const MAX_RETRY_AFTER_MS = 120_000;

/** Counts pages, bytes and time against the limits; the first cap reached ends the scrape. */
export class Budget {
  pages = 0;
  bytes = 0;
  private readonly deadline: number;
  private paceFloor: number;
  private lastRequest = -Infinity;

  constructor(
    readonly url: string,
    readonly limits: Required<ScrapeLimits>,
    readonly signal?: AbortSignal,
  ) {
    this.deadline = performance.now() + limits.totalTimeoutMs;
    this.paceFloor = limits.rateLimitMs;
  }

  /** robots.txt may ask for a longer delay between requests. */
  slowTo(ms: number): void {
    this.paceFloor = Math.max(this.paceFloor, ms);
  }

  get remainingMs(): number {
    return this.deadline - performance.now();
  }

  /** Throws when cancelled or out of time. */
  check(table?: string): void {
    if (this.signal?.aborted) throw new ScrapeError(this.url, "cancelled", { table });
    if (this.remainingMs <= 0)
      throw new ScrapeError(
        this.url,
        `gave up after ${seconds(this.limits.totalTimeoutMs)} (the scrape's time limit)`,
        { table },
      );
  }

  /** Counts a page, waiting for the rate limit first. */
  async page(table?: string): Promise<void> {
    this.check(table);
    if (++this.pages > this.limits.maxPages)
      throw new ScrapeError(this.url, `more than ${this.limits.maxPages} pages (the page limit)`, { table });
    await this.pace();
  }

  /** Waits until `rateLimitMs` has passed since the last request. */
  async pace(): Promise<void> {
    const wait = this.lastRequest + this.paceFloor - performance.now();
    if (wait > 0) await this.sleep(wait);
    this.lastRequest = performance.now();
  }

  addBytes(n: number, table?: string): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxBytes)
      throw new ScrapeError(this.url, `more than ${this.limits.maxBytes} bytes read (the byte limit)`, { table });
  }

  /** A step's timeout: the step's own, or what is left of the whole. */
  stepMs(): number {
    return Math.max(1, Math.min(this.limits.timeoutMs, this.remainingMs));
  }

  /** Sleeps, cut short by cancellation; never past the deadline. */
  async sleep(ms: number): Promise<void> {
    const capped = Math.min(ms, Math.max(0, this.remainingMs));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, capped);
      const onAbort = () => done();
      this.signal?.addEventListener("abort", onAbort, { once: true });
      function done() {
        clearTimeout(timer);
        resolve();
      }
    });
    this.check();
  }
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;

export function resolveLimits(limits: ScrapeLimits): Required<ScrapeLimits> {
  const out = { ...DEFAULT_LIMITS };
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof ScrapeLimits)[]) {
    const value: unknown = limits[key];
    if (value === undefined) continue;
    if (
      typeof value !== "number" ||
      !(value >= 0) ||
      (key !== "rateLimitMs" && key !== "retries" && key !== "backoffMs" && value === 0)
    )
      throw new ScrapeOptionError(
        `${key}: expected a positive number of ${key.endsWith("Ms") ? "milliseconds" : key}, got ${String(value)}`,
      );
    out[key] = value;
  }
  return out;
}
