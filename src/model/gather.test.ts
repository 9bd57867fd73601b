import assert from "node:assert/strict";
import { test } from "node:test";
import { gather } from "./gather.js";

test("gather takes the values at the given positions, in their order, repeats included", () => {
  const values = new Float64Array([10, 11, 12, 13, NaN]);
  assert.deepEqual(Array.from(gather(values, [3, 0, 3, 4])), [13, 10, 13, NaN]);
  assert.deepEqual(Array.from(gather([1.5, 2.5], new Int32Array(0))), []);
});
