import { test } from "node:test";
import assert from "node:assert/strict";
import { fitClusters } from "./clusters.js";
import { fitClustersBeside } from "./clusters-in-worker.js";
import { matrix } from "./matrix.js";
import { seededRandom } from "../sample.js";

const OPTIONS = { kMax: 4, restarts: 1, stabilitySeeds: 1, bootstrapRuns: 1 };

function blobs(rows: number) {
  const random = seededRandom(9);
  const points = matrix(rows, 3);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < 3; j++) points.data[i * 3 + j] = (i % 3 === j ? 4 : 0) + random() - 0.5;
  return points;
}

test("clusters fitted on a worker thread are the fit of this thread, to the bit, and the points are handed over", async () => {
  const here = fitClusters(blobs(12_000), 0, OPTIONS);
  const points = blobs(12_000);
  const there = await fitClustersBeside(points, 0, OPTIONS);
  assert.deepEqual(there, here);
  assert.equal(there.labels.length, 12_000);
  // Handed to the worker: nothing was copied, and nothing is left here.
  assert.equal(points.data.length, 0);
});

test("a few buyers are clustered on this thread, before the promise is made", async () => {
  const points = blobs(300);
  const fitting = fitClustersBeside(points, 0, OPTIONS);
  assert.equal(points.data.length, 900);
  assert.deepEqual(await fitting, fitClusters(blobs(300), 0, OPTIONS));
});
