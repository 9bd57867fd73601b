import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { pdfAnchors } from "./pdf-anchors.js";
import { pageFill } from "./pdf-fill.js";
import { buildReport } from "./report.js";

/**
 * The extract's January 1997 pack, in euros written the German way: the PDF
 * keeps its 14 pages for a month of 33 orders, says where a month is too
 * short to advise, and writes every amount in the pack's currency and locale.
 * (report.test.ts holds the `all` pack to the same budget.)
 */

let root: string;
let out: string;
const saved = { currency: process.env.SALES_CURRENCY, locale: process.env.SALES_LOCALE };

before(async () => {
  root = await mkdtemp(join(tmpdir(), "pdf-pack-test-"));
  out = join(root, "1997-01");
  // What --currency EUR --locale de-DE does (src/cli/options.ts).
  process.env.SALES_CURRENCY = "EUR";
  process.env.SALES_LOCALE = "de-DE";
  await buildReport({
    period: "1997-01",
    db: `duckdb:${join(root, "warehouse.duckdb")}`,
    dataDir: "data",
    out,
    formats: ["pdf"],
  });
});

after(async () => {
  for (const [key, value] of [
    ["SALES_CURRENCY", saved.currency],
    ["SALES_LOCALE", saved.locale],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  await rm(root, { recursive: true, force: true });
});

const page = (n: number) =>
  execFileSync("pdftotext", ["-f", String(n), "-l", String(n), join(out, "report.pdf"), "-"], { encoding: "utf8" });

describe("a one-month pack in euros, de-DE", () => {
  test("is 14 pages, each decision on its own two, none under half full but a decision's last", () => {
    const pdf = pdfAnchors(readFileSync(join(out, "report.pdf")));
    assert.equal(pdf.pages, 14);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => pdf.anchors.get(`chapter-${n}`)),
      [3, 5, 7, 9, 11, 13],
    );
    const fill = pageFill(join(out, "report.pdf"));
    const under = fill
      .map((f, i) => ({ page: i + 1, f }))
      .filter(({ page, f }) => (page < 4 || page % 2 === 1) && f < 0.5);
    assert.deepEqual(under, [], `ink reaches ${fill.join(", ")} of each page`);
  });

  test("writes the month's sales compact on the tile and exact beneath, in euros the German way", () => {
    const dashboard = page(1);
    assert.match(dashboard, /83\.400 €/, "compact");
    assert.match(dashboard, /83\.400,47 €/, "exact");
    assert.match(dashboard, /\+30,9 %|\+30,9%/, "growth against December 1996");
    assert.doesNotMatch(dashboard, /\$/);
  });

  test("says a month is too short to decide where to invest instead of advising", () => {
    const locations = page(5);
    assert.match(locations, /Not enough data to advise|NOT ENOUGH DATA TO ADVISE/i);
    assert.match(locations, /too short to decide where to invest/);
    assert.doesNotMatch(locations, /Invest first in/);
  });
});
