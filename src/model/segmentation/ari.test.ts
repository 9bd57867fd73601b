import { test } from "node:test";
import assert from "node:assert/strict";
import { adjustedRandIndex } from "./ari.js";

test("identical labellings score 1 even when the labels are renamed", () => {
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2], [0, 0, 1, 1, 2]), 1);
  assert.equal(adjustedRandIndex([0, 0, 1, 1, 2], ["b", "b", "c", "c", "a"]), 1);
});

test("the adjusted Rand index matches scikit-learn's reference values", () => {
  // sklearn.metrics.adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) == 0.5714285714285715
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 0, 1, 2]) - 0.5714285714285715) < 1e-12);
  // adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 1, 1], [0, 1, 0, 1]) + 0.5) < 1e-12);
  // adjusted_rand_score([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == 0.24242424242424246
  assert.ok(Math.abs(adjustedRandIndex([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) - 0.24242424242424246) < 1e-12);
});

test("one group against one group agrees, and labellings of different lengths are refused", () => {
  assert.equal(adjustedRandIndex([1, 1, 1], [2, 2, 2]), 1);
  assert.throws(() => adjustedRandIndex([1, 2], [1]), /differ in length \(2 and 1\)/);
});
