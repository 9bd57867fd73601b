import assert from "node:assert/strict";
import { test } from "node:test";
import { parseSizes, SizeError } from "./sizes.js";

test("sizes are order lines with K or M, turned into orders at 2.6 lines an order", () => {
  assert.deepEqual(parseSizes("1M,10m, 250K,400000"), [
    { label: "1M", lines: 1_000_000, orders: 384_615 },
    { label: "10M", lines: 10_000_000, orders: 3_846_154 },
    { label: "250K", lines: 250_000, orders: 96_154 },
    { label: "400000", lines: 400_000, orders: 153_846 },
  ]);
});

test("a decimal size is allowed and a size given twice runs once", () => {
  assert.deepEqual(
    parseSizes("2.5M,2500K").map((s) => s.lines),
    [2_500_000],
  );
});

test("a bad size says what was expected", () => {
  assert.throws(() => parseSizes("1G"), SizeError);
  assert.throws(() => parseSizes("1M,"), /"" is not a size: expected order lines such as 250K, 1M or 10M/);
  assert.throws(() => parseSizes("500"), /"500" is too small: expected at least 1K order lines/);
});
