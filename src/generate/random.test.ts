import assert from "node:assert/strict";
import { test } from "node:test";
import { Random, cumulative, searchCumulative } from "./random.js";

const draws = (n: number, draw: () => number) => Array.from({ length: n }, draw);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const variance = (xs: number[]) => {
  const m = mean(xs);
  return mean(xs.map((x) => (x - m) ** 2));
};

test("the same seed and stream give the same numbers; another seed or stream gives others", () => {
  const sequence = (seed: number, stream: string) => {
    const rng = Random.stream(seed, stream);
    return draws(5, () => rng.uint32());
  };
  assert.deepEqual(sequence(42, "orders"), sequence(42, "orders"));
  assert.notDeepEqual(sequence(43, "orders"), sequence(42, "orders"));
  assert.notDeepEqual(sequence(42, "names"), sequence(42, "orders"));
});

test("uniform draws stay in [0, 1) and average one half", () => {
  const rng = new Random(1);
  const xs = draws(20_000, () => rng.next());
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  assert.ok(Math.abs(mean(xs) - 0.5) < 0.01, `mean ${mean(xs)}`);
  const ints = draws(20_000, () => rng.int(6));
  assert.deepEqual([...new Set(ints)].sort(), [0, 1, 2, 3, 4, 5]);
});

test("normal draws have mean 0 and variance 1; lognormal ones keep their median", () => {
  const rng = new Random(2);
  const zs = draws(40_000, () => rng.normal());
  assert.ok(Math.abs(mean(zs)) < 0.02, `mean ${mean(zs)}`);
  assert.ok(Math.abs(variance(zs) - 1) < 0.03, `variance ${variance(zs)}`);
  const xs = draws(20_001, () => rng.lognormal(20, 0.6)).sort((a, b) => a - b);
  assert.ok(Math.abs(xs[10_000] - 20) < 0.6, `median ${xs[10_000]}`);
});

test("Poisson draws average lambda, below and above the normal approximation's threshold", () => {
  const rng = new Random(3);
  for (const lambda of [0.3, 2.6, 12, 80]) {
    const ks = draws(20_000, () => rng.poisson(lambda));
    assert.ok(ks.every((k) => Number.isInteger(k) && k >= 0));
    assert.ok(Math.abs(mean(ks) - lambda) < 0.03 * lambda + 0.02, `lambda ${lambda}: mean ${mean(ks)}`);
    assert.ok(Math.abs(variance(ks) - lambda) < 0.08 * lambda + 0.02, `lambda ${lambda}: variance ${variance(ks)}`);
  }
  assert.equal(rng.poisson(0), 0);
});

test("choose draws indexes in proportion to their weights and never a zero weight", () => {
  const rng = new Random(4);
  const table = cumulative([1, 0, 3, 0]);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 40_000; i++) counts[rng.choose(table)]++;
  assert.equal(counts[1] + counts[3], 0);
  assert.ok(Math.abs(counts[2] / counts[0] - 3) < 0.15, `ratio ${counts[2] / counts[0]}`);
  assert.equal(searchCumulative(table, 0), 0);
  assert.equal(searchCumulative(table, 1), 2, "a boundary belongs to the next positive weight");
  assert.throws(() => cumulative([0, 0]), /must not all be zero/);
  assert.throws(() => cumulative([1, -1]), /not a non-negative number/);
});

test("shuffle permutes in place", () => {
  const items = Uint8Array.from({ length: 50 }, (_, i) => i);
  new Random(5).shuffle(items);
  assert.notDeepEqual(
    [...items],
    Array.from({ length: 50 }, (_, i) => i),
  );
  assert.deepEqual(
    [...items].sort((a, b) => a - b),
    Array.from({ length: 50 }, (_, i) => i),
  );
});
