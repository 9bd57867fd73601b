import { createHash } from "node:crypto";
import type { Page } from "puppeteer-core";
import { launchChromium } from "../chromium/launch.js";
import { CHROMIUM_PATH } from "../render/pdf.js";
import { editLines } from "../load/testing.js";

/**
 * Test helpers for the security suite: names an attacker would give a
 * customer, a product or an employee, planted in a copy of the extract, and a
 * real headless Chromium that counts what such a name managed to do.
 */

/** Payloads without commas or double quotes, so they stay one cell of the unquoted extract. */
export const PAYLOADS = [
  "<img src=x onerror=alert(1)>",
  "</script><script>alert(2)</script>",
  "<a href=http://phish.example/login>Pay here</a>",
  "<img src=http://127.0.0.1:9/pixel.png>",
  "<svg onload=alert(5)>",
  "<iframe src=javascript:alert(6)></iframe>",
  "[click](javascript:alert(7)) **bold** `tick`",
  "<style>body{display:none}</style>",
] as const;

/**
 * Renames every customer, product and employee (last name) of the extract in
 * `dir` to a payload followed by its id, so every ranking, commentary and
 * table of the report quotes one.
 */
export function plantHostileNames(dir: string): void {
  const rename = (file: string, column: number) =>
    editLines(dir, file, (lines) =>
      lines.map((line, i) => {
        if (i === 0 || line.trim() === "") return line;
        const cells = line.split(",");
        const id = cells[0].replace(/\D/g, "");
        cells[column] = `${PAYLOADS[i % PAYLOADS.length]} ${id}\xa0`;
        return cells.join(",");
      }),
    );
  rename("Customers.csv", 1);
  rename("Products.csv", 1);
  rename("Employees.csv", 1);
}

interface PageElement {
  script: boolean;
  type: string | null;
  id: string;
  text: string;
}

/** How many of the elements are not the page's own: a script its policy allows by hash, or its one data block. */
export function foreignElements(elements: readonly PageElement[], csp: string): number {
  const allowed = new Set(csp.match(/'sha256-[A-Za-z0-9+/=]+'/g) ?? []);
  let data = 0;
  return elements.filter((e) => {
    if (!e.script) return true;
    if (e.type === "application/json" && e.id === "report-data" && data++ === 0) return false;
    return !allowed.has(`'sha256-${createHash("sha256").update(e.text, "utf8").digest("base64")}'`);
  }).length;
}

export interface PageEffects {
  /** alert/confirm/prompt dialogs opened. */
  dialogs: number;
  /** Requests to anything but the page itself, data: and cid: URLs. */
  requests: string[];
  /**
   * Elements an injected name would add: scripts, frames and inline handlers,
   * not counting the page's own scripts (those its content security policy
   * allows by hash, and its one JSON data block).
   */
  scripts: number;
  links: number;
}

/**
 * Opens an HTML file in headless Chromium and reports what ran. With
 * `bypassCsp` the page's content security policy is ignored, to check the
 * escaping on its own.
 */
export async function openInChromium(
  file: string,
  options: {
    bypassCsp?: boolean;
    /** What a reader does once the page has loaded (hover a chart, drill down); counted after. */
    interact?: (page: Page) => Promise<void>;
  } = {},
): Promise<PageEffects> {
  const chromium = await launchChromium({
    executablePath: CHROMIUM_PATH,
    purpose: "test",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-dev-shm-usage",
    ],
  });
  const browser = chromium.browser;
  try {
    const page = await browser.newPage();
    if (options.bypassCsp) await page.setBypassCSP(true);
    let dialogs = 0;
    const requests: string[] = [];
    page.on("dialog", (dialog) => {
      dialogs++;
      void dialog.dismiss().catch(() => undefined);
    });
    await page.setRequestInterception(true);
    page.on("request", (request) => {
      const url = request.url();
      if (url.startsWith("file:") || url.startsWith("data:") || url === "about:blank") void request.continue();
      else {
        // The e-mail's own charts are cid: images, shown by the mail client.
        if (!url.startsWith("cid:")) requests.push(url);
        void request.abort("blockedbyclient");
      }
    });
    await page.goto(`file://${file}`, { waitUntil: "load", timeout: 60_000 });
    await options.interact?.(page);
    // onerror and onload handlers fire after load; give them a moment.
    await new Promise((r) => setTimeout(r, 500));
    // A string: this project compiles without the DOM's types.
    const found = (await page.evaluate(`({
      elements: [...document.querySelectorAll("script, iframe, [onerror], [onload]")].map((e) => ({
        script: e.tagName === "SCRIPT" && !e.hasAttribute("src") && !e.hasAttribute("onerror") && !e.hasAttribute("onload"),
        type: e.getAttribute("type"),
        id: e.id,
        text: e.textContent,
      })),
      csp: document.querySelector("meta[http-equiv='Content-Security-Policy']")?.getAttribute("content") ?? "",
      links: document.querySelectorAll("a[href^='http'], a[href^='javascript']").length,
    })`)) as { elements: PageElement[]; csp: string; links: number };
    return { dialogs, requests, scripts: foreignElements(found.elements, found.csp), links: found.links };
  } finally {
    await chromium.close();
  }
}
