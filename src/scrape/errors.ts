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
