import assert from "node:assert/strict";
import { mkdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Page } from "puppeteer-core";
import { launchChromium, type Chromium } from "../chromium/launch.js";
import { CHROMIUM_PATH } from "./pdf.js";
import { buildReport } from "./report.js";

/**
 * Issue 15: the interactive report.html of the extract, used in real
 * Chromium at a phone's width and a desktop's: a filter clicked, a table
 * sorted, a drill-down, dark mode, and what the page then shows, asserted
 * against the extract's known figures. Screenshots of both themes at both
 * widths go to REPORT_SHOTS (default a temporary folder) for a person to look at.
 */

const SHOTS = process.env.REPORT_SHOTS;
let root: string;
let file: string;
let figures: {
  total_sales: number;
  locations: { ranking: { name: string; sales: number }[]; cities: { city: string; country: string; sales: number }[] };
  customers: { ranking: { name: string; sales: number }[] };
};
let chromium: Chromium;

before(async () => {
  root = await mkdtemp(join(tmpdir(), "report-page-"));
  const out = join(root, "pack");
  await buildReport({ period: "all", db: `duckdb:${join(root, "w.duckdb")}`, dataDir: "data", out, formats: ["html"] });
  file = join(out, "report.html");
  figures = JSON.parse(readFileSync(join(out, "figures.json"), "utf8")) as typeof figures;
  if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  chromium = await launchChromium({
    executablePath: CHROMIUM_PATH,
    purpose: "test",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
  });
});

after(async () => {
  await chromium?.close();
  await rm(root, { recursive: true, force: true });
});

interface Opened {
  page: Page;
  /** Requests for anything but the file itself. */
  requests: string[];
  /** Page errors, console errors and content security policy violations. */
  problems: string[];
}

async function open(width: number, scheme: "light" | "dark" = "light"): Promise<Opened> {
  // A context of its own: the theme a reader chose is kept in the page's storage.
  const context = await chromium.browser.createBrowserContext();
  const page = await context.newPage();
  page.once("close", () => void context.close().catch(() => undefined));
  const requests: string[] = [];
  const problems: string[] = [];
  await page.setViewport({ width, height: 900 });
  await page.emulateMediaFeatures([{ name: "prefers-color-scheme", value: scheme }]);
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith("file:") || url.startsWith("data:") || url === "about:blank") void request.continue();
    else {
      requests.push(url);
      void request.abort("blockedbyclient");
    }
  });
  page.on("pageerror", (error) => problems.push(String(error)));
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(message.text());
  });
  await page.evaluateOnNewDocument(`document.addEventListener("securitypolicyviolation", (e) =>
    console.error("CSP violation: " + e.violatedDirective + " " + e.blockedURI));`);
  await page.goto(`file://${file}`, { waitUntil: "load" });
  await page.waitForSelector("html[data-charts='ready']", { timeout: 60_000 });
  return { page, requests, problems };
}

const text = (page: Page, selector: string) =>
  page.$eval(selector, (e) => (e.textContent ?? "").replace(/\s+/g, " ").trim());
const column = (page: Page, selector: string) =>
  page.$$eval(selector, (cells) => cells.map((c) => (c.textContent ?? "").trim()));
const dollars = (x: number) =>
  new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(x).replace(/^-/, "−");
/** The drill-down's breadcrumb, "All countries › USA › Boise". */
const crumbs = async (page: Page) => (await column(page, "#explorer-crumbs li")).join(" › ");
/** The body's background colour as computed (the project compiles without the DOM's types: a string). */
const background = (page: Page) => page.evaluate("getComputedStyle(document.body).backgroundColor");
/** Waits for the charts drawn again after a theme switch. */
async function redrawn(page: Page): Promise<void> {
  await page.waitForSelector("html[data-charts='ready']", { timeout: 60_000 });
}

for (const width of [390, 1280])
  describe(`report.html at ${width} px`, () => {
    let opened: Opened;
    before(async () => {
      opened = await open(width);
    });
    after(async () => {
      await opened?.page.close();
    });

    test("draws every chart live with Vega, with no policy violation, no error and no request", async () => {
      const { page } = opened;
      const charts = await page.$$eval("figure[data-chart]", (fs) => fs.map((f) => f.classList.contains("is-live")));
      assert.ok(charts.length >= 10, `${charts.length} charts`);
      assert.ok(
        charts.every((live) => live),
        "every chart drawn live",
      );
      assert.equal(await page.$$eval(".live-chart svg", (s) => s.length), charts.length + 1);
      assert.deepEqual(opened.requests, []);
      assert.deepEqual(opened.problems, []);
      // The page fits the screen: nothing but the tables' own scroll boxes is wider.
      assert.equal(await page.evaluate("document.documentElement.scrollWidth"), width);
    });

    test("shows a chart's tooltip with the month's sales on hover", async () => {
      const { page } = opened;
      await page.$eval("#explorer-chart", (e) => e.scrollIntoView());
      await page.hover("#explorer-chart .mark-rect path");
      await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 5_000 });
      const tip = await text(page, "#vg-tooltip-element");
      assert.match(tip, /Month\s*1996-07/);
      assert.match(tip, /Sales\s*\$37,779\.85/);
    });

    test("shows an analysis chart's tooltip: a customer of the top ten and their sales", async () => {
      const { page } = opened;
      const bar = `figure[data-chart$="-customers-top@report"] .live-chart .mark-rect path`;
      await page.$eval(bar, (e) => e.scrollIntoView({ block: "center" }));
      await page.hover(bar);
      await page.waitForSelector("#vg-tooltip-element.visible", { timeout: 5_000 });
      const tip = await text(page, "#vg-tooltip-element");
      const top = figures.customers.ranking.slice(0, 10).map((r) => r.name);
      assert.ok(
        top.some((name) => tip.includes(name)),
        `the tooltip "${tip}" names a top customer`,
      );
      await page.mouse.move(0, 0);
    });

    test("the explorer opens on the whole pack: the cover's sales, Ernst Handel on top, USA first", async () => {
      const { page } = opened;
      assert.equal(await text(page, "#explorer-sales"), dollars(figures.total_sales));
      assert.equal(await text(page, "#explorer-sales"), "$386,424.23");
      assert.equal(await text(page, "#explorer-orders"), "196");
      assert.equal(await text(page, "#explorer-top"), "Ernst Handel · $35,631.21");
      const names = await column(page, "#explorer-body th");
      assert.deepEqual(
        names,
        figures.locations.ranking.map((r) => r.name),
      );
    });

    test("a country filter shows that country's sales and its cities", async () => {
      const { page } = opened;
      const germany = figures.locations.ranking.find((r) => r.name === "Germany")!;
      const value = await page.$$eval("#filter-country option", (os) => os.find((o) => o.text === "Germany")!.value);
      await page.select("#filter-country", value);
      assert.equal(await text(page, "#explorer-sales"), dollars(germany.sales));
      const cities = figures.locations.cities.filter((c) => c.country === "Germany");
      assert.deepEqual(
        await column(page, "#explorer-body th"),
        cities.map((c) => c.city),
      );
      assert.equal(await crumbs(page), "All countries › Germany");
    });

    test("a period filter shows January 1997's 33 orders", async () => {
      const { page } = opened;
      await page.click("#filter-reset");
      const january = await page.$$eval("#filter-from option", (os) => os.find((o) => o.text === "1997-01")!.value);
      await page.select("#filter-from", january);
      await page.select("#filter-to", january);
      assert.equal(await text(page, "#explorer-orders"), "33");
      assert.equal(await text(page, "#explorer-caption"), "Sales by country, 1997-01 to 1997-01");
      await page.click("#filter-reset");
      assert.equal(await text(page, "#explorer-orders"), "196");
    });

    test("drills down from USA to its first city to that city's customers, whose sales add up to the city's", async () => {
      const { page } = opened;
      await page.click("#filter-reset");
      await page.click("#explorer-body button.drill"); // USA, the first country
      const usa = figures.locations.cities.filter((c) => c.country === "USA");
      assert.deepEqual(
        await column(page, "#explorer-body th"),
        usa.map((c) => c.city),
      );
      await page.click("#explorer-body button.drill"); // its first city
      assert.equal(await crumbs(page), `All countries › USA › ${usa[0].city}`);
      assert.equal(await text(page, "#explorer-sales"), dollars(usa[0].sales));
      const sales = await column(page, "#explorer-body td:nth-of-type(1)");
      const cents = sales.reduce((s, t) => s + Math.round(Number(t.replace(/[$,]/g, "")) * 100), 0);
      assert.equal(cents, Math.round(usa[0].sales * 100));
      // Back up by the breadcrumb.
      await page.click("#explorer-crumbs button");
      assert.equal(await crumbs(page), "All countries");
    });

    test("sorts the explorer by a header button, with the keyboard, and says so in aria-sort", async () => {
      const { page } = opened;
      await page.click("#filter-reset");
      const sales = await page.$$("#explorer-head button");
      await sales[1].focus();
      await page.keyboard.press("Enter"); // sales is the current sort: Enter turns it ascending
      assert.equal(
        await page.$eval("#explorer-head th:nth-child(2)", (th) => th.getAttribute("aria-sort")),
        "ascending",
      );
      const names = await column(page, "#explorer-body th");
      assert.equal(names[0], "Argentina");
      assert.equal(names.at(-1), "USA");
      await page.keyboard.press("Enter");
      assert.equal((await column(page, "#explorer-body th"))[0], "USA");
    });

    test("sorts and filters a report table: the customers ranked by name, then only Ernst Handel", async () => {
      const { page } = opened;
      const card = "#table-customers-ranking";
      const first = `${card} thead th button`;
      const headers = await column(page, `${card} thead th`);
      const nameColumn = headers.findIndex((h) => /customer/i.test(h)) + 1;
      assert.ok(nameColumn > 0, `a customer column in ${headers.join(", ")}`);
      await page.click(`${card} thead th:nth-child(${nameColumn}) button`);
      const names = await column(page, `${card} tbody td:nth-child(${nameColumn})`);
      assert.deepEqual(
        names,
        [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      );
      assert.ok(await page.$(first));
      await page.type(`${card} .table-tools input`, "Ernst");
      const shown = await page.$$eval(`${card} tbody tr`, (rows) =>
        rows.filter((r) => !r.hasAttribute("hidden")).map((r) => (r.textContent ?? "").trim()),
      );
      assert.equal(shown.length, 1);
      assert.match(shown[0], /Ernst Handel/);
    });

    test("switches to dark mode with the toggle and back, charts redrawn in dark colours", async () => {
      const { page } = opened;
      if (SHOTS) await page.screenshot({ path: join(SHOTS, `report-${width}-light.png`) });
      await page.evaluate(`window.scrollTo(0, 0); document.documentElement.removeAttribute("data-charts")`);
      await page.click("#theme-toggle");
      await redrawn(page);
      assert.equal(await page.$eval("html", (h) => h.getAttribute("data-theme")), "dark");
      assert.equal(await text(page, "#theme-toggle"), "Light theme");
      assert.equal(await page.$eval("#theme-toggle", (b) => b.getAttribute("aria-pressed")), "true");
      assert.equal(await background(page), "rgb(15, 22, 29)");
      const chartText = await page.$eval(".cover-chart .live-chart svg", (svg) => svg.outerHTML);
      assert.match(chartText, /#E6EBF0|#A9B4C0/i, "the chart's text in the dark theme's colours");
      assert.doesNotMatch(chartText, /fill="#1F2933"/i);
      if (SHOTS) {
        await page.screenshot({ path: join(SHOTS, `report-${width}-dark.png`) });
        await page.$eval("#explorer", (e) => e.scrollIntoView());
        await page.screenshot({ path: join(SHOTS, `report-${width}-dark-explorer.png`) });
      }
      await page.evaluate(`document.documentElement.removeAttribute("data-charts")`);
      await page.click("#theme-toggle");
      await redrawn(page);
      assert.equal(await page.$eval("html", (h) => h.getAttribute("data-theme")), "light");
      assert.equal(await background(page), "rgb(238, 241, 245)");
      if (SHOTS) {
        await page.$eval("#explorer", (e) => e.scrollIntoView());
        await page.screenshot({ path: join(SHOTS, `report-${width}-light-explorer.png`) });
      }
    });
  });

describe("report.html for a reader whose system is set to dark", () => {
  test("opens dark without a click at 360 px, fits the screen, and every table header has its scope", async () => {
    const { page, problems } = await open(360, "dark");
    try {
      assert.equal(await background(page), "rgb(15, 22, 29)");
      assert.equal(await text(page, "#theme-toggle"), "Light theme");
      assert.equal(await page.evaluate("document.documentElement.scrollWidth"), 360);
      const scopes = await page.$$eval("table.data thead th", (ths) => ths.map((th) => th.getAttribute("scope")));
      assert.ok(scopes.length > 20);
      assert.ok(scopes.every((s) => s === "col"));
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });
});
