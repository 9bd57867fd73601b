import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { AnalysisResult } from "../analyse/analysis.js";
import type { Commentary } from "../analyse/commentary/commentary.js";
import { caveats, decisions } from "./summary.js";

const result = (key: string, commentary: Commentary): AnalysisResult => ({
  key,
  title: key,
  figures: {},
  commentary,
  charts: [],
  tables: [],
});

const COMMENTARY: Commentary = {
  finding: "Sales are concentrated: 10 customers made 51.1% of sales.",
  evidence: ["Ernst Handel is the largest customer with $35,631.21."],
  recommendation: ["Enrol the Gold tier first: Ernst Handel, Mère Paillarde.", "Offer the Silver tier a path to Gold."],
  caveats: ["There are no orders before 1996-07-04.", "Tiers rank customers by sales alone."],
};

describe("the executive summary", () => {
  test("quotes each analysis' finding and its first recommendation, in the order management asked", () => {
    const found = decisions([
      result("employees", { ...COMMENTARY, finding: COMMENTARY.finding.replace("10 customers", "Margaret Peacock") }),
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
      result("locations", { ...COMMENTARY, caveats: COMMENTARY.caveats.map((c) => c.replace("alone", "and orders")) }),
    ]);
    assert.deepEqual(
      list.map((c) => c.title),
      ["Across the analyses", "customers", "locations"],
    );
    assert.match(list[0].html, /no orders before 1996-07-04/);
    assert.doesNotMatch(list[1].html, /1996-07-04/);
  });
});

describe("a commentary without recommendations", () => {
  test("the summary quotes its finding, with its emphasis, and no recommendation", () => {
    const [d] = decisions([
      result("segments", {
        finding: "**Champions** bring the most sales.",
        evidence: ["11 customers."],
        recommendation: [],
        caveats: [],
      }),
    ]);
    assert.equal(d.finding, "<strong>Champions</strong> bring the most sales.");
    assert.equal(d.html, "");
  });
});
