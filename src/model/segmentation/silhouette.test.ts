import { test } from "node:test";
import assert from "node:assert/strict";
import { silhouette } from "simple-statistics";
import { meanSilhouette } from "./silhouette.js";
import { seededRandom } from "../sample.js";

test("the mean silhouette agrees with simple-statistics on random clustered points", () => {
  const random = seededRandom(7);
  const points = Array.from({ length: 300 }, (_, i) => [(i % 3) * 2 + random(), random() * 3, random()]);
  const labels = points.map((_, i) => (i % 3) + (random() < 0.1 ? 1 : 0));
  const reference = silhouette(points, labels).reduce((a, b) => a + b, 0) / points.length;
  assert.ok(Math.abs(meanSilhouette(points, labels) - reference) < 1e-12);
});

test("two tight, distant clusters have a silhouette close to 1, a single cluster -1", () => {
  const points = [[0], [0.1], [10], [10.1]];
  assert.ok(meanSilhouette(points, [0, 0, 1, 1]) > 0.98);
  assert.equal(meanSilhouette(points, [5, 5, 5, 5]), -1);
});

test("a point alone in its cluster counts as 0, as in simple-statistics", () => {
  const points = [[0], [1], [5]];
  const reference = silhouette(points, [0, 0, 1]).reduce((a, b) => a + b, 0) / 3;
  assert.ok(Math.abs(meanSilhouette(points, [3, 3, 9]) - reference) < 1e-12);
});

test("the mean silhouette is, to the bit, the sum of one row of distances per point", () => {
  const random = seededRandom(3);
  const points = Array.from({ length: 500 }, () => [random() * 4, random() - 0.5, random() * 1e-3, random() * 100]);
  const labels = points.map(() => Math.floor(random() * 5));
  // Each point's distances summed per cluster in the order of the other point, as meanSilhouette sums them.
  let total = 0;
  const sizes = new Map<number, number>();
  for (const l of labels) sizes.set(l, (sizes.get(l) ?? 0) + 1);
  points.forEach((p, i) => {
    const sums = new Map<number, number>();
    points.forEach((q, j) => {
      if (i !== j)
        sums.set(labels[j], (sums.get(labels[j]) ?? 0) + Math.sqrt(p.reduce((s, v, c) => s + (v - q[c]) ** 2, 0)));
    });
    const a = sums.get(labels[i])! / (sizes.get(labels[i])! - 1);
    const b = Math.min(...[...sums].filter(([l]) => l !== labels[i]).map(([l, s]) => s / sizes.get(l)!));
    total += (b - a) / Math.max(a, b);
  });
  assert.equal(meanSilhouette(points, labels), total / points.length);
});
