import { test } from "node:test";
import assert from "node:assert/strict";
import {
  fitRfm,
  fitThresholds,
  quintileScores,
  scoreRfm,
  scoreValue,
  SEGMENT_NAMES,
  SEGMENT_RULES,
  segmentOf,
} from "./rfm.js";

test("ten distinct values spread two to a quintile", () => {
  assert.deepEqual(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "higher"), [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  assert.deepEqual(quintileScores([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "lower"), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
});

test("equal values always get equal scores", () => {
  // Six one-order customers out of ten: they share a score instead of being split over two quintiles.
  const scores = quintileScores([1, 1, 1, 1, 1, 1, 2, 3, 5, 9], "higher");
  assert.deepEqual(scores, [2, 2, 2, 2, 2, 2, 4, 4, 5, 5]);
});

test("when every value ties, everyone gets the middle score 3", () => {
  assert.deepEqual(quintileScores([7, 7, 7, 7], "higher"), [3, 3, 3, 3]);
  assert.deepEqual(quintileScores([7, 7, 7, 7], "lower"), [3, 3, 3, 3]);
});

test("on tiny data the scores spread as far as the data allows", () => {
  assert.deepEqual(quintileScores([42], "higher"), [3]);
  assert.deepEqual(quintileScores([10, 20], "higher"), [2, 4]);
  assert.deepEqual(quintileScores([10, 20, 30], "higher"), [1, 3, 5]);
});

test("saved thresholds reproduce the training scores exactly", () => {
  const values = [3, 3, 8, 1, 1, 1, 12, 40, 8, 5, 5, 5, 5, 90, 0.5];
  for (const better of ["higher", "lower"] as const) {
    const t = fitThresholds(values, better);
    assert.deepEqual(
      values.map((v) => scoreValue(v, t)),
      quintileScores(values, better),
    );
  }
});

test("a new value scores like the nearest training value on its worse side", () => {
  const t = fitThresholds([10, 20, 30, 40, 50], "higher");
  assert.deepEqual(
    [5, 10, 15, 49, 50, 1000].map((v) => scoreValue(v, t)),
    [1, 1, 1, 4, 5, 5],
  );
  const r = fitThresholds([10, 20, 30, 40, 50], "lower");
  assert.deepEqual(
    [0, 10, 11, 50, 400].map((v) => scoreValue(v, r)),
    [5, 5, 4, 1, 1],
  );
});

test("without any buyer to compare with, every value scores 3", () => {
  const t = fitThresholds([], "higher");
  assert.deepEqual(t.cuts, []);
  assert.equal(scoreValue(123, t), 3);
});

test("the segment rules cover each of the 25 R × FM cells exactly once", () => {
  for (let r = 1; r <= 5; r++)
    for (let fm = 1; fm <= 5; fm++) {
      const matching = SEGMENT_RULES.filter((x) => r >= x.r[0] && r <= x.r[1] && fm >= x.fm[0] && fm <= x.fm[1]);
      assert.equal(matching.length, 1, `R=${r} FM=${fm}`);
    }
  // Every named segment but "No purchase yet" has a cell.
  assert.deepEqual(
    new Set(SEGMENT_RULES.map((x) => x.segment)),
    new Set(SEGMENT_NAMES.filter((s) => s !== "No purchase yet")),
  );
});

test("the grid reads as marketers expect at its corners", () => {
  assert.equal(segmentOf(5, 5), "Champions");
  assert.equal(segmentOf(5, 1), "New");
  assert.equal(segmentOf(4, 1), "Promising");
  assert.equal(segmentOf(1, 5), "Cannot lose them");
  assert.equal(segmentOf(1, 1), "Lost");
  assert.equal(segmentOf(2, 2), "Hibernating");
  assert.equal(segmentOf(3, 3), "Need attention");
  assert.equal(segmentOf(2, 4), "At risk");
});

test("FM is the rounded-up mean of F and M, and the code joins the three scores", () => {
  const buyers = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((i) => ({
    recency_days: 100 - i * 10,
    orders: i,
    sales: i * 100,
  }));
  const t = fitRfm(buyers);
  assert.deepEqual(scoreRfm(buyers[9], t), { r: 5, f: 5, m: 5, fm: 5, code: "555" });
  assert.deepEqual(scoreRfm({ recency_days: 95, orders: 4, sales: 100 }, t), { r: 1, f: 2, m: 1, fm: 2, code: "121" });
});
