/**
 * A scrape that failed, with where: the URL, the table being read and the
 * selector that found nothing or something unexpected. Nothing is written or
 * loaded after one.
 */
export class ScrapeError extends Error {
  override name = "ScrapeError";
  constructor(
    readonly url: string,
    readonly detail: string,
    readonly where: { table?: string; selector?: string } = {},
  ) {
    const at = [where.table && `table ${where.table}`, where.selector && `selector "${where.selector}"`]
      .filter(Boolean)
      .join(", ");
    super(`${url}${at ? ` (${at})` : ""}: ${detail}`);
  }
}

/** The URL is not one the scraper may visit (allow-list, address, scheme, redirect, robots.txt). */
export class RefusedError extends ScrapeError {
  override name = "RefusedError";
}

/** Options that cannot make a scrape (a missing URL, a negative timeout); the CLI reports them as usage errors. */
export class ScrapeOptionError extends TypeError {
  override name = "ScrapeOptionError";
}

/**
 * The tries of one request, for the error that ends them: how many, and what
 * went wrong each time, said once when it was the same every time.
 */
export function triesWords(failures: readonly string[]): string {
  const n = failures.length;
  const tries = `${n} ${n === 1 ? "try" : "tries"}`;
  return new Set(failures).size <= 1 ? tries : `${tries}: ${failures.join("; ")}`;
}

/** A socket's error as a reader would say it: the system's code in words, the raw message otherwise. */
export function networkWords(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ECONNREFUSED":
      return "connection refused (is the site up, and is this its address?)";
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return "host not found (is the address right?)";
    case "ECONNRESET":
      return "the connection was reset by the site";
    case "EHOSTUNREACH":
    case "ENETUNREACH":
      return "the host cannot be reached from this machine";
    default:
      return error.message;
  }
}
