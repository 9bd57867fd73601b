/** How the scraper reads the site; its own module so `scrape --help` names them without loading the scraper. */
export const MODES = ["browser", "static", "auto"] as const;
