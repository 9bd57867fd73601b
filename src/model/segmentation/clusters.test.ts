import { test } from "node:test";
import assert from "node:assert/strict";
import { adjustedRandIndex } from "./ari.js";
import { fitClusters } from "./clusters.js";
import { fromRows, nearest } from "./matrix.js";
import { seededRandom } from "../sample.js";

/** Points around given centres with unit-ish noise, labelled by centre. */
function blobs(centres: number[][], perCentre: number, spread: number, seed: number) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const points: number[][] = [];
  const truth: number[] = [];
  centres.forEach((c, label) => {
    for (let i = 0; i < perCentre; i++) {
      points.push(c.map((x) => x + spread * normal()));
      truth.push(label);
    }
  });
  return { points, truth };
}

const FOUR = [
  [3, 0, 0],
  [0, 3, 0],
  [0, 0, 3],
  [-3, -3, -3],
];

test("k-means with k chosen by silhouette finds four planted blobs", () => {
  const { points, truth } = blobs(FOUR, 60, 0.5, 1);
  const fit = fitClusters(fromRows(points), 0, { stabilitySeeds: 2, bootstrapRuns: 3 });
  assert.equal(fit.k, 4);
  assert.ok(adjustedRandIndex(fit.labels, truth) > 0.95);
  assert.deepEqual(
    fit.silhouette_by_k.map((x) => x.k),
    [2, 3, 4, 5, 6, 7, 8],
  );
  assert.equal(fit.silhouette, Math.max(...fit.silhouette_by_k.map((x) => x.silhouette)));
});

test("the same data and seed give the same clusters", () => {
  const { points } = blobs(FOUR, 40, 1.2, 2);
  const a = fitClusters(fromRows(points), 0, { stabilitySeeds: 1, bootstrapRuns: 1 });
  const b = fitClusters(fromRows(points), 0, { stabilitySeeds: 1, bootstrapRuns: 1 });
  assert.deepEqual(a.labels, b.labels);
  assert.deepEqual(a.centroids, b.centroids);
  assert.deepEqual(a.stability, b.stability);
});

test("clusters are numbered by value, the highest first, and every point sits at its nearest centroid", () => {
  const { points } = blobs(FOUR, 30, 0.4, 3);
  const fit = fitClusters(fromRows(points), 0, { stabilitySeeds: 0, bootstrapRuns: 0 });
  const values = fit.centroids.map((c) => c[0]);
  assert.deepEqual(
    values,
    [...values].sort((a, b) => b - a),
  );
  points.forEach((p, i) => assert.equal(fit.labels[i], nearest(p, fit.centroids)));
});

test("stability is measured across seeds and bootstrap samples, and is high for well separated blobs", () => {
  const { points } = blobs(FOUR, 50, 0.5, 4);
  const { stability } = fitClusters(fromRows(points), 0, { stabilitySeeds: 3, bootstrapRuns: 4 });
  assert.equal(stability.seeds, 3);
  assert.equal(stability.bootstrap_runs, 4);
  assert.ok(stability.across_seeds_ari! > 0.95 && stability.bootstrap_ari! > 0.95, JSON.stringify(stability));
});

test("large inputs are clustered on samples and every point is still assigned", () => {
  const { points, truth } = blobs(FOUR, 3000, 0.5, 5);
  const fit = fitClusters(fromRows(points), 0, {
    selectionSample: 1000,
    silhouetteSample: 400,
    fitSample: 4000,
    stabilitySeeds: 1,
    bootstrapRuns: 1,
  });
  assert.deepEqual(fit.samples, { selection: 1000, silhouette: 400, fit: 4000 });
  assert.equal(fit.labels.length, 12000);
  assert.ok(adjustedRandIndex(fit.labels, truth) > 0.95);
});

test("no points give no clusters; identical points give one", () => {
  assert.equal(fitClusters(fromRows([]), 0).k, 0);
  const same = fitClusters(
    fromRows([
      [1, 2],
      [1, 2],
      [1, 2],
    ]),
    0,
  );
  assert.equal(same.k, 1);
  assert.deepEqual(same.labels, [0, 0, 0]);
  assert.equal(same.silhouette, null);
  assert.equal(same.stability.across_seeds_ari, null);
});

test("k never exceeds the number of distinct points", () => {
  const points = [[0], [0], [0], [10], [10], [10]];
  const fit = fitClusters(fromRows(points), 0);
  assert.equal(fit.k, 2);
  assert.deepEqual(fit.k_range, [2, 2]);
  assert.deepEqual(fit.labels, [1, 1, 1, 0, 0, 0]);
});
