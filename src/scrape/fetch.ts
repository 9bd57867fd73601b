import http, { type IncomingHttpHeaders } from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";
import { USER_AGENT } from "./agent.js";
import { networkWords, RefusedError, ScrapeError, triesWords } from "./errors.js";
import { MAX_RETRY_AFTER_MS, seconds, type Budget } from "./limits.js";
import { vetUrl, type HostPolicy, type VettedUrl } from "./policy.js";

/**
 * GET with the manners of a crawler: every URL vetted by the host policy and
 * the connection pinned to the checked address; redirects followed only on
 * the same host; a timeout per try; 5xx, 429 and timeouts retried with
 * exponential backoff, honouring Retry-After; bytes counted against the cap.
 */

export interface Page {
  /** The final URL, after same-host redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const MAX_REDIRECTS = 5;

/** A try that may succeed later: a 5xx or 429 (with the wait it asked for), a timeout, a dropped connection. */
class Transient extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class Fetcher {
  constructor(
    private readonly policy: HostPolicy,
    private readonly budget: Budget,
  ) {}

  /**
   * The page at `url` (2xx or, with `acceptStatus`, those statuses too); throws ScrapeError naming the URL and
   * table.
   */
  async get(url: string, where: { table?: string; acceptStatus?: (status: number) => boolean } = {}): Promise<Page> {
    const { retries, backoffMs } = this.budget.limits;
    const failures: string[] = [];
    for (let attempt = 0; ; attempt++) {
      await this.budget.page(where.table);
      try {
        return await this.follow(url, where);
      } catch (error) {
        if (!(error instanceof Transient)) throw error;
        failures.push(error.message);
        if (attempt >= retries) throw new ScrapeError(url, `${error.message} (${triesWords(failures)})`, where);
        if ((error.retryAfterMs ?? 0) > Math.min(MAX_RETRY_AFTER_MS, this.budget.remainingMs))
          throw new ScrapeError(
            url,
            `${error.message}, and the site asks to wait ${seconds(error.retryAfterMs!)} (Retry-After)`,
            where,
          );
        const backoff = backoffMs * 2 ** attempt * (1 + Math.random() * 0.2);
        await this.budget.sleep(Math.max(backoff, error.retryAfterMs ?? 0));
      }
    }
  }

  private async follow(
    start: string,
    where: { table?: string; acceptStatus?: (status: number) => boolean },
  ): Promise<Page> {
    let target = await vetUrl(start, this.policy);
    for (let hop = 0; ; hop++) {
      const page = await this.once(target, where.table);
      if (page.status >= 300 && page.status < 400 && page.headers.location) {
        if (hop >= MAX_REDIRECTS) throw new ScrapeError(start, `more than ${MAX_REDIRECTS} redirects`, where);
        const next = new URL(page.headers.location, target.url);
        if (next.hostname !== target.url.hostname)
          throw new RefusedError(start, `redirect to ${next.href} refused: it leaves ${target.url.hostname}`, where);
        target = await vetUrl(next, this.policy, start);
        continue;
      }
      if (page.status >= 500 || page.status === 429)
        throw new Transient(`HTTP ${page.status}`, retryAfter(page.headers["retry-after"]));
      if ((page.status < 200 || page.status >= 300) && !where.acceptStatus?.(page.status))
        throw new ScrapeError(target.url.href, `HTTP ${page.status}`, where);
      return page;
    }
  }

  /** One request to the vetted address, within the step timeout and the byte cap. */
  private once(target: VettedUrl, table?: string): Promise<Page> {
    const timeoutMs = this.budget.stepMs();
    const pinned: LookupFunction = (_host, options, callback) => {
      if ((options as { all?: boolean }).all)
        (callback as unknown as (e: null, all: { address: string; family: number }[]) => void)(null, [
          { address: target.address, family: target.family },
        ]);
      else callback(null, target.address, target.family);
    };
    const get = target.url.protocol === "https:" ? https.get : http.get;
    return new Promise<Page>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const timer = setTimeout(
        () => fail(new Transient(`no complete answer within ${seconds(timeoutMs)} (timed out)`)),
        timeoutMs,
      );
      const onAbort = () => fail(new ScrapeError(target.url.href, "cancelled", { table }));
      this.budget.signal?.addEventListener("abort", onAbort, { once: true });
      const request = get(
        target.url,
        { lookup: pinned, headers: { "user-agent": USER_AGENT, accept: "text/html,text/plain;q=0.9,*/*;q=0.1" } },
        (response) => {
          response.on("data", (chunk: Buffer) => {
            try {
              this.budget.addBytes(chunk.length, table);
            } catch (error) {
              return fail(error as Error);
            }
            chunks.push(chunk);
          });
          response.on("end", () => {
            finish();
            resolve({
              url: target.url.href,
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: Buffer.concat(chunks).toString("utf8"),
            });
          });
          response.on("error", (error) => fail(new Transient(`connection dropped: ${error.message}`)));
        },
      );
      request.on("error", (error) => fail(new Transient(`request failed: ${networkWords(error)}`)));
      const signal = this.budget.signal;
      function finish() {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        request.removeAllListeners("error");
        request.on("error", () => undefined);
      }
      function fail(error: Error) {
        finish();
        request.destroy();
        reject(error);
      }
    });
  }
}

/** Retry-After as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function retryAfter(header: string | undefined, now = Date.now()): number | undefined {
  if (!header) return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
