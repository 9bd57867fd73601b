import { createRequire } from "node:module";
import { TOOL, USER_AGENT } from "./agent.js";
import { RefusedError } from "./errors.js";
import type { Fetcher } from "./fetch.js";
import type { Budget } from "./limits.js";

interface Robots {
  isDisallowed(url: string, ua?: string): boolean | undefined;
  getMatchingLineNumber(url: string, ua?: string): number;
  getCrawlDelay(ua?: string): number | undefined;
}
// A CommonJS function export whose typings declare an ES default.
const robotsParser = createRequire(import.meta.url)("robots-parser") as (url: string, text: string) => Robots;

/**
 * robots.txt, read once per scrape before any page: a page it disallows for
 * this tool is refused, and a Crawl-delay slows the rate limit. A missing
 * file (4xx) allows everything; one that cannot be read (5xx after retries)
 * refuses, as RFC 9309 says a crawler should.
 */
export async function obeyRobots(fetcher: Fetcher, budget: Budget, pageUrl: string): Promise<(url: string) => void> {
  const robotsUrl = new URL("/robots.txt", pageUrl).href;
  const page = await fetcher.get(robotsUrl, { acceptStatus: (status) => status >= 400 && status < 500 });
  const robots = robotsParser(robotsUrl, page.status === 200 ? page.body : "");
  const delay = robots.getCrawlDelay(TOOL);
  if (delay) budget.slowTo(delay * 1000);
  const check = (url: string) => {
    if (robots.isDisallowed(url, USER_AGENT))
      throw new RefusedError(
        url,
        `robots.txt (${robotsUrl}, line ${robots.getMatchingLineNumber(url, USER_AGENT)}) disallows this page for ${TOOL}`,
      );
  };
  check(pageUrl);
  return check;
}
