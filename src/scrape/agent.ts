import { readFileSync } from "node:fs";

/** The scraper's name and version, as the user agent and the manifest give them. */

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  name: string;
  version: string;
};

export const TOOL = `${pkg.name}-scraper`;
export const VERSION = pkg.version;
/** The product token robots.txt rules are matched against. */
export const USER_AGENT = `${TOOL}/${VERSION} (+robots.txt respected; rate-limited)`;
