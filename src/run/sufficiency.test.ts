import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSpan, periodFromSpan } from "../analyse/period.js";
import type { AnalysisResult } from "../analyse/analysis.js";
import { findAnalysis } from "./registry.js";
import { quarterOf, requireEnoughData } from "./sufficiency.js";

const result: AnalysisResult = {
  key: "locations",
  title: "Locations",
  figures: {},
  commentary: {
    finding: "USA leads.",
    evidence: ["Sales fell 51.9% in Germany."],
    recommendation: ["Invest in Germany."],
    caveats: [],
  },
  charts: [],
  tables: [],
};

test("a one-month pack says it is too short to decide where to invest instead of advising", () => {
  const month = periodFromSpan("1997-01", parseSpan("1997-01"));
  const out = requireEnoughData(result, findAnalysis("locations")!, month);
  assert.deepEqual(out.commentary.recommendation, [
    "A one-month period is too short to decide where to invest: a few large orders move a short period's figures, so its rankings and changes are not a basis for advice. Decide on at least 3 months, e.g. the pack of the quarter (`--period 1997-Q1`) or of the year.",
  ]);
  assert.equal(out.commentary.finding, "USA leads.");
  assert.deepEqual(out.commentary.evidence, result.commentary.evidence);
});

test("a quarter, a year and all keep the analysis' recommendation", () => {
  for (const label of ["1997-Q1", "1997"]) {
    const out = requireEnoughData(result, findAnalysis("locations")!, periodFromSpan(label, parseSpan(label)));
    assert.deepEqual(out.commentary.recommendation, ["Invest in Germany."]);
  }
  const all = periodFromSpan("all", parseSpan("1997-01"));
  assert.equal(requireEnoughData(result, findAnalysis("locations")!, all), result);
});

test("an analysis that needs nothing is left as it is", () => {
  const month = periodFromSpan("1997-01", parseSpan("1997-01"));
  assert.equal(requireEnoughData(result, findAnalysis("overview")!, month), result);
});

test("the quarter suggested is the one holding the period's last month", () => {
  assert.equal(quarterOf({ end: "1997-02-01" }), "1997-Q1");
  assert.equal(quarterOf({ end: "1997-01-01" }), "1996-Q4");
  assert.equal(quarterOf({ end: "1996-11-01" }), "1996-Q4");
});
