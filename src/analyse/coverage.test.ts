import { test } from "node:test";
import assert from "node:assert/strict";
import { dataCoverage } from "./coverage.js";
import { periodFromSpan, parseSpan } from "./period.js";

// The extract: orders from 1996-07-04 to 1997-02-12.
const cover = (spec: string) => dataCoverage(periodFromSpan(spec, parseSpan(spec)), "1996-07-04", "1997-02-12");

test("a month wholly inside the data is comparable with the month before", () => {
  const c = cover("1997-01");
  assert.equal(c.current, "full");
  assert.equal(c.previous, "full");
  assert.equal(c.comparable, true);
  assert.deepEqual(c.partial_months, []);
});

test("a start on the 4th still counts the first month as covered", () => {
  const c = cover("1996-08");
  assert.equal(c.complete_from, "1996-07-01");
  assert.equal(c.comparable, true);
});

test("data that stops on the 12th leaves its month incomplete, so it is not compared", () => {
  const c = cover("1997-02");
  assert.equal(c.complete_until, "1997-02-01");
  assert.equal(c.current, "partial");
  assert.equal(c.comparable, false);
  assert.deepEqual(c.partial_months, [{ month: "1997-02", edge: "end", date: "1997-02-12" }]);
});

test("a period before the data has no coverage and nothing to compare with", () => {
  assert.equal(cover("1995").current, "none");
  assert.equal(cover("1996-09..1997-01").previous, "partial");
  assert.equal(cover("1996-09..1997-01").comparable, false);
});

test("data ending within a week of the month end covers that month", () => {
  const c = dataCoverage(periodFromSpan("1999-06", parseSpan("1999-06")), "1996-07-01", "1999-06-28");
  assert.equal(c.complete_until, "1999-07-01");
  assert.equal(c.comparable, true);
});
