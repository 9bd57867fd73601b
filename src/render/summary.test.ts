import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AnalysisResult } from "../analyse/analysis.js";
import { caveats, decisions } from "./summary.js";

const result = (key: string, commentary: string): AnalysisResult => ({
  key,
  title: key,
  figures: {},
  commentary,
  charts: [],
  tables: [],
});

const COMMENTARY = [
  "**Finding.** Sales are concentrated: 10 customers made 51.1% of sales.",
  "**Evidence.**\n\n- Ernst Handel is the largest customer with $35,631.21.",
  "**Recommendation.**\n\n- Enrol the Gold tier first: Ernst Handel, Mère Paillarde.\n- Offer the Silver tier a path to Gold.",
  "**Caveats.**\n\n- There are no orders before 1996-07-04.\n- Tiers rank customers by sales alone.",
].join("\n\n");

describe("the executive summary", () => {
  test("quotes each analysis' finding and its first recommendation, in the order management asked", () => {
    const found = decisions([
      result("employees", COMMENTARY.replace("10 customers", "Margaret Peacock")),
      result("customers", COMMENTARY),
      result("overview", COMMENTARY),
    ]);
    assert.deepEqual(
      found.map((d) => [d.number, d.key, d.primary]),
      [
        [1, "customers", true],
        [2, "employees", true],
      ],
    );
    assert.equal(found[0].finding, "Sales are concentrated: 10 customers made 51.1% of sales.");
    assert.match(found[0].html, /<li>Enrol the Gold tier first: Ernst Handel, Mère Paillarde.<\/li>/);
    assert.match(found[0].html, /Offer the Silver tier/, "a short second recommendation fits");
    assert.match(found[1].finding, /Margaret Peacock/);
  });

  test("caveats several analyses share are listed once", () => {
    const list = caveats([
      result("customers", COMMENTARY),
      result("locations", COMMENTARY.replace("alone", "and orders")),
    ]);
    assert.deepEqual(
      list.map((c) => c.title),
      ["Across the analyses", "customers", "locations"],
    );
    assert.match(list[0].html, /no orders before 1996-07-04/);
    assert.doesNotMatch(list[1].html, /1996-07-04/);
  });
});

describe("commentary in free form", () => {
  test("the summary quotes its opening paragraph and nothing else", () => {
    const [d] = decisions([
      result(
        "segments",
        "**Champions bring the most sales.** 11 customers.\n\n**Segments** (every customer is in one):\n\n- **Champions** — 11 customers",
      ),
    ]);
    assert.equal(d.finding, "<strong>Champions bring the most sales.</strong> 11 customers.");
    assert.equal(d.html, "");
  });
});
