import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { copyExtract } from "../load/testing.js";
import { REPORT_CSP } from "../render/html.js";
import { buildReport } from "../render/report.js";
import { openInChromium, PAYLOADS, plantHostileNames } from "./hostile.js";

/**
 * Issue 10, point 1: a pack built from an extract whose every customer,
 * product and employee is named like an attack. The names must reach every
 * output as text: nothing runs in Chromium, nothing is fetched, no live link,
 * and the PDF prints (a `<script>` in the data once stalled it for 180 s).
 */

let root: string;
let out: string;
let extract: ReturnType<typeof copyExtract>;
let seconds: number;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "hostile-report-"));
  out = join(root, "pack");
  extract = copyExtract();
  plantHostileNames(extract.dir);
  const started = performance.now();
  await buildReport({ period: "all", db: `duckdb:${join(root, "w.duckdb")}`, dataDir: extract.dir, out });
  seconds = (performance.now() - started) / 1000;
});

after(async () => {
  extract?.dispose();
  await rm(root, { recursive: true, force: true });
});

describe("a pack built from hostile names", () => {
  test("the PDF stage finishes instead of hanging on a <script> in the data", () => {
    assert.ok(readFileSync(join(out, "report.pdf")).subarray(0, 5).toString() === "%PDF-");
    assert.ok(seconds < 170, `the whole pack took ${seconds.toFixed(0)} s`);
  });

  test("report.html runs no script but its own and fetches nothing, even with its content security policy switched off", async () => {
    const effects = await openInChromium(join(out, "report.html"), { bypassCsp: true });
    assert.deepEqual(effects, { dialogs: 0, requests: [], scripts: 0, links: 0 });
  });

  test("report.html's tooltips and drill-down show the names as text, with its scripts running and the policy off", async () => {
    let tooltip = "";
    let customers: string[] = [];
    const effects = await openInChromium(join(out, "report.html"), {
      bypassCsp: true,
      interact: async (page) => {
        await page.waitForSelector("html[data-charts='ready']", { timeout: 60_000 });
        const bar = `figure[data-chart$="-customers-top@report"] .live-chart .mark-rect path`;
        await page.$eval(bar, (e) => e.scrollIntoView({ block: "center" }));
        await page.hover(bar);
        await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 5_000 });
        tooltip = await page.$eval("#vg-tooltip-element", (e) => e.textContent ?? "");
        await page.click("#explorer-body button.drill"); // a country
        await page.click("#explorer-body button.drill"); // its first city: the customers
        customers = await page.$$eval("#explorer-body th", (ths) => ths.map((th) => th.textContent ?? ""));
      },
    });
    assert.deepEqual(effects, { dialogs: 0, requests: [], scripts: 0, links: 0 });
    assert.ok(
      PAYLOADS.some((p) => tooltip.includes(p)),
      `the tooltip shows a payload as text: ${tooltip}`,
    );
    assert.ok(
      customers.some((name) => PAYLOADS.some((p) => name.startsWith(p))),
      `the drill-down lists the customers' names as text: ${customers.join(" | ")}`,
    );
  });

  test("report.html carries a content security policy that allows only its own scripts, by hash, and no network load", async () => {
    const html = readFileSync(join(out, "report.html"), "utf8");
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/
      .exec(html)![1]
      .replace(/&#x27;/g, "'")
      .replace(/&#x3D;/g, "=");
    assert.match(csp, /^default-src 'none'; script-src ('sha256-[A-Za-z0-9+/=]+' ){2}'sha256-[A-Za-z0-9+/=]+'; /);
    assert.doesNotMatch(csp, /unsafe-inline'[^;]*; style|unsafe-eval|https?:/);
    assert.match(csp, /connect-src 'none'/);
    assert.match(REPORT_CSP, /default-src 'none'; script-src 'none'/);
    // The names reach the page's data as JSON text: `<` escaped, so no name can end the element.
    const json = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
    assert.ok(json, "the data block holds no raw <");
    assert.match(json[1], /\\u003cimg src=x onerror=alert\(1\)\\u003e/);
    const effects = await openInChromium(join(out, "report.html"));
    assert.equal(effects.dialogs, 0);
  });

  test("the e-mail body runs no script, fetches nothing and carries no live link", async () => {
    const effects = await openInChromium(join(out, "email", "message.html"));
    assert.deepEqual(effects, { dialogs: 0, requests: [], scripts: 0, links: 0 });
  });

  test("the names are shown as text: escaped in the HTML and commentary.md, unchanged in figures.json", () => {
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
    assert.doesNotMatch(html, /<img src=x|<script>alert|<a href=http/);
    const commentary = readFileSync(join(out, "commentary.md"), "utf8");
    assert.match(commentary, /\\<img src=x onerror=alert\(1\)\\>|\\<\/script\\>/);
    assert.doesNotMatch(commentary, /(^|[^\\])<(img|script|a |svg|iframe)/);
    assert.match(
      readFileSync(join(out, "figures.json"), "utf8"),
      /<img src=x onerror=alert\(1\)>|<\/script><script>alert\(2\)/,
    );
  });

  test("the executed notebooks' Markdown outputs hold the names escaped", () => {
    const notebooks = readFileSync(join(out, "notebooks", "03-customers.ipynb"), "utf8");
    const markdown = [...notebooks.matchAll(/"text\/markdown": (\[[\s\S]*?\]|"(?:[^"\\]|\\.)*")/g)]
      .map((m) => m[1])
      .join("\n");
    assert.ok(markdown.length > 0, "the notebook shows Markdown");
    assert.doesNotMatch(markdown, /(^|[^\\])<(img|script|svg|iframe)/);
  });
});
