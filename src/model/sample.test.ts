import { test } from "node:test";
import assert from "node:assert/strict";
import { bootstrapIndices, sampleIndices, seededRandom } from "./sample.js";

test("a seeded generator repeats and stays in [0, 1)", () => {
  const a = seededRandom(3);
  const b = seededRandom(3);
  const xs = Array.from({ length: 1000 }, () => a());
  assert.deepEqual(
    xs,
    Array.from({ length: 1000 }, () => b()),
  );
  assert.ok(xs.every((x) => x >= 0 && x < 1));
});

test("a sample holds distinct sorted indices, all of them when asked for more than there are", () => {
  assert.deepEqual(sampleIndices(4, 10, 1), [0, 1, 2, 3]);
  const s = sampleIndices(1000, 50, 1);
  assert.equal(new Set(s).size, 50);
  assert.deepEqual(
    s,
    [...s].sort((x, y) => x - y),
  );
  assert.deepEqual(sampleIndices(1000, 50, 1), s);
  assert.notDeepEqual(sampleIndices(1000, 50, 2), s);
});

test("a bootstrap sample draws n indices with replacement", () => {
  const b = bootstrapIndices(100, 9);
  assert.equal(b.length, 100);
  assert.ok(b.every((i) => Number.isInteger(i) && i >= 0 && i < 100));
  assert.ok(new Set(b).size < 100);
});
