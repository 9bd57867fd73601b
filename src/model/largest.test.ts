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

test("on many values, repeated ones and NaN included, the cut is the one a full sort gives", () => {
  let seed = 7;
  const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (const [size, distinct] of [
    [1000, 1000],
    [5000, 3],
    [20000, 50],
  ]) {
    const values = Float64Array.from({ length: size }, () => {
      const r = random();
      return r < 0.01 ? NaN : r < 0.3 ? 0 : Math.floor(random() * distinct) / 7;
    });
    const byIndex = (a: number, b: number) => a - b;
    const numbers = [...values.keys()].filter((i) => !Number.isNaN(values[i]));
    const full = numbers.sort((a, b) => values[b] - values[a] || byIndex(a, b));
    for (const n of [1, 10, 100, 999])
      assert.deepEqual(largestIndices(values, n, byIndex), full.slice(0, n), `${size} values, n = ${n}`);
  }
});
