import { test } from "node:test";
import assert from "node:assert/strict";
import { largestIndices } from "./largest.js";

test("the largest values come first, ties by the tie-break, as a full sort would give", () => {
  const values = new Float64Array([5, 1, 9, 5, 7, 9, 0]);
  const names = ["e", "b", "z", "a", "c", "y", "d"];
  const byName = (a: number, b: number) => names[a].localeCompare(names[b]);
  const full = [...values.keys()].sort((a, b) => values[b] - values[a] || byName(a, b));
  for (const n of [0, 1, 2, 3, 4, 7, 10])
    assert.deepEqual(largestIndices(values, n, byName), full.slice(0, n), `n = ${n}`);
});
