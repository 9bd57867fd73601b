/** `sales-insight/scrape`: read the data site into the extract's layout (Chromium loaded in browser mode only). */
export { scrapeSite, ScrapeError, ScrapeOptionError, RefusedError, DEFAULT_URL, MODES } from "../scrape/index.js";
