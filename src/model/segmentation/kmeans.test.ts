import { test } from "node:test";
import assert from "node:assert/strict";
import { kmeans as library } from "ml-kmeans";
import { Random } from "ml-random";
import { kmeans } from "./kmeans.js";

/** `n` points of `d` values: clumps around a few centres, some repeated exactly (ties in every distance). */
function pointsOf(n: number, d: number, seed: number): number[][] {
  const random = new Random(seed);
  const centres = Array.from({ length: 5 }, () => Array.from({ length: d }, () => random.random() * 10 - 5));
  const points: number[][] = [];
  for (let i = 0; i < n; i++) {
    if (i > 0 && random.random() < 0.1) points.push([...points[random.randInt(i)]]);
    else points.push(centres[i % 5].map((c) => c + (random.random() - 0.5) * 3));
  }
  return points;
}

const same = (a: number[][], b: number[][], what: string) => {
  assert.equal(a.length, b.length, what);
  a.forEach((row, i) =>
    row.forEach((v, j) => assert.ok(Object.is(v, b[i][j]), `${what}: centre ${i}[${j}] ${v} vs ${b[i][j]}`)),
  );
};

test("k-means on typed arrays gives ml-kmeans' centroids and clusters to the bit, seeded by k-means++", () => {
  for (const [n, d, k, seed] of [
    [500, 6, 2, 42],
    [2000, 6, 5, 43],
    [5000, 14, 8, 1042],
    [300, 3, 7, 7],
    [40, 2, 40, 3],
  ]) {
    const points = pointsOf(n, d, seed);
    const ours = kmeans(Float64Array.from(points.flat()), d, k, { seed, maxIterations: 100 });
    const theirs = library(points, k, { initialization: "kmeans++", seed, maxIterations: 100 });
    same(ours.centroids, theirs.centroids, `n ${n} d ${d} k ${k}`);
    assert.deepEqual(ours.clusters, theirs.clusters);
  }
});

test("started from given centres, it refines exactly as ml-kmeans does", () => {
  const points = pointsOf(3000, 6, 9);
  const start = kmeans(Float64Array.from(points.slice(0, 500).flat()), 6, 4, { seed: 5 }).centroids;
  for (const maxIterations of [1, 3, 100]) {
    const ours = kmeans(Float64Array.from(points.flat()), 6, 4, { initialization: start, maxIterations });
    const theirs = library(points, 4, { initialization: start, maxIterations });
    same(ours.centroids, theirs.centroids, `${maxIterations} iterations`);
    assert.deepEqual(ours.clusters, theirs.clusters);
  }
});

test("a k the points cannot hold is refused as ml-kmeans refuses it", () => {
  const points = new Float64Array([0, 0, 1, 1]);
  assert.throws(() => kmeans(points, 2, 3), /K should be a positive integer smaller than the number of points/);
  assert.throws(() => kmeans(points, 2, 0), /K should be a positive integer/);
  assert.throws(
    () => kmeans(points, 2, 2, { initialization: [[0, 0]] }),
    /The initial centers should have the same length as K/,
  );
});
