import { test } from "node:test";
import assert from "node:assert/strict";
import { ascendingOrder } from "./ascending.js";
import { seededRandom } from "./sample.js";

const byComparator = (values: ArrayLike<number>, indices: number[]) =>
  [...indices].sort((a, b) => values[a] - values[b] || a - b);

test("ascending order is the comparator's order, ties by index, on values with repeats, negatives and -0", () => {
  const random = seededRandom(5);
  for (const n of [0, 1, 2, 17, 1_000, 20_000]) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = random();
      // Many zeros (and some -0), repeated whole numbers, tiny and huge magnitudes of either sign.
      values[i] =
        r < 0.3
          ? 0
          : r < 0.35
            ? -0
            : r < 0.6
              ? Math.floor(random() * 10) - 5
              : (random() - 0.5) * 10 ** (random() * 20 - 10);
    }
    const indices = Array.from({ length: n }, (_, i) => i);
    assert.deepEqual(Array.from(ascendingOrder(values, indices)), byComparator(values, indices), `n = ${n}`);
  }
});

test("ascending order keeps the given order of equal values and sorts only the indices given", () => {
  const values = [3, 1, 2, 1, 3, 0.5];
  assert.deepEqual(Array.from(ascendingOrder(values, [0, 1, 3, 4])), [1, 3, 0, 4]);
  assert.deepEqual(Array.from(ascendingOrder(values, [4, 3, 1, 0])), [3, 1, 4, 0]);
  assert.deepEqual(Array.from(ascendingOrder([7, 7, 7], [2, 0, 1])), [2, 0, 1]);
});

test("ascending order puts NaN last and infinities at the ends", () => {
  const values = [NaN, Infinity, -Infinity, 0, NaN, -1];
  assert.deepEqual(Array.from(ascendingOrder(values, [0, 1, 2, 3, 4, 5])), [2, 5, 3, 1, 0, 4]);
});
