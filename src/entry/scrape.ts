/** `sales-insight/scrape`: read the data site into the extract's layout (Chromium only in browser mode, loaded then). */
export { scrapeSite, ScrapeError, ScrapeOptionError, RefusedError, DEFAULT_URL, MODES } from "../scrape/index.js";
