/** What a scrape read from the site, before any check: the drivers (browser, static) produce it. */

export type ScrapeMode = "browser" | "static";

export interface ScrapedTable {
  /** The table's name on the site. */
  site: string;
  /** Header cells as the page shows them. */
  headers: string[];
  /** Cells as text, as the site shows them; a NULL is "". */
  rows: string[][];
  /** The page's own "Number of Records: N". */
  recordsShown: number;
}

export interface ScrapedSite {
  url: string;
  mode: ScrapeMode;
  /** "Your Database": record count per table, as the site lists them. */
  databaseCounts: Record<string, number>;
  tables: ScrapedTable[];
}

export interface ScrapeProgress {
  table?: string;
  rows?: number;
  message: string;
}
