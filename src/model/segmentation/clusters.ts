import { adjustedRandIndex } from "./ari.js";
import { kmeans } from "./kmeans.js";
import { nearest, row, type Matrix } from "./matrix.js";
import { bootstrapIndices, sampleIndices } from "../sample.js";
import { meanSilhouette } from "./silhouette.js";

/**
 * Behavioural clusters: k-means (k-means++ with a fixed seed, so runs repeat;
 * ml-kmeans' steps on typed arrays, kmeans.ts)
 * on log1p-transformed, z-scored features, k chosen by the mean silhouette.
 *
 * The work is sized for a million buyers: each k is fitted (best of
 * `restarts` starts) on a fixed-seed sample (`selectionSample`) and scored by
 * its silhouette on part of it (`silhouetteSample`: the silhouette is
 * quadratic); the chosen fit is refined on a larger sample (`fitSample`), and
 * every buyer is then assigned to its nearest centroid — exactly what
 * `segmentCustomer` does for one customer. On data smaller than the samples,
 * every buyer takes part in every step.
 */

export interface ClusterOptions {
  /** Smallest and largest k tried (capped by the number of distinct buyers). */
  kMin?: number;
  kMax?: number;
  seed?: number;
  selectionSample?: number;
  silhouetteSample?: number;
  fitSample?: number;
  /** Other seeds tried, to measure how much the clusters depend on the start. */
  stabilitySeeds?: number;
  /** Bootstrap resamples, to measure how much they depend on the sample. */
  bootstrapRuns?: number;
  /** k-means++ starts per fit; the one with the least within-cluster sum of squares is kept. */
  restarts?: number;
}

const CLUSTER_DEFAULTS: Required<ClusterOptions> = {
  kMin: 2,
  kMax: 8,
  seed: 42,
  selectionSample: 5000,
  silhouetteSample: 2000,
  fitSample: 20000,
  stabilitySeeds: 5,
  bootstrapRuns: 10,
  restarts: 3,
};

export interface Stability {
  /** Mean ARI between the model's clusters and refits from other seeds, on the selection sample. */
  across_seeds_ari: number | null;
  across_seeds_min_ari: number | null;
  /** Mean ARI between the model's clusters and refits on bootstrap resamples. */
  bootstrap_ari: number | null;
  bootstrap_min_ari: number | null;
  seeds: number;
  bootstrap_runs: number;
  /** Buyers the comparisons were made on. */
  sample: number;
}

export interface ClusterFit {
  k: number;
  /** Centroids in the weighted, scaled space, ordered by value (cluster 0 the highest). */
  centroids: number[][];
  /** Cluster of each input point. */
  labels: number[];
  silhouette_by_k: { k: number; silhouette: number }[];
  /** Mean silhouette of the chosen k; null when there was nothing to choose from. */
  silhouette: number | null;
  stability: Stability;
  seed: number;
  restarts: number;
  samples: { selection: number; silhouette: number; fit: number };
  k_range: [number, number];
}

/** The nearest centroid of every row. */
function assign(points: Matrix, centroids: readonly number[][]): number[] {
  const { rows, cols, data } = points;
  const labels = new Array<number>(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    let bestDistance = Infinity;
    for (let c = 0; c < centroids.length; c++) {
      const centroid = centroids[c];
      let d = 0;
      for (let j = 0; j < cols; j++) d += (data[i * cols + j] - centroid[j]) ** 2;
      if (d < bestDistance) {
        bestDistance = d;
        best = c;
      }
    }
    labels[i] = best;
  }
  return labels;
}

/**
 * Chooses k and fits the clusters on scaled points. `valueAxis` is the
 * coordinate that orders clusters (monetary value), so cluster numbers mean
 * the same thing from run to run.
 */
export function fitClusters(points: Matrix, valueAxis: number, options: ClusterOptions = {}): ClusterFit {
  const o = { ...CLUSTER_DEFAULTS, ...options };
  const n = points.rows;
  const selectionIdx = sampleIndices(n, o.selectionSample, o.seed);
  const selection = selectionIdx.map((i) => row(points, i));
  const distinct = countDistinct(selection);
  const kMax = Math.min(o.kMax, distinct, selection.length - 1);
  const kMin = Math.min(o.kMin, kMax);
  const samples = { selection: selection.length, silhouette: 0, fit: 0 };
  const noStability: Stability = {
    across_seeds_ari: null,
    across_seeds_min_ari: null,
    bootstrap_ari: null,
    bootstrap_min_ari: null,
    seeds: 0,
    bootstrap_runs: 0,
    sample: 0,
  };

  if (n === 0) {
    return {
      k: 0,
      centroids: [],
      labels: [],
      silhouette_by_k: [],
      silhouette: null,
      stability: noStability,
      seed: o.seed,
      restarts: o.restarts,
      samples,
      k_range: [o.kMin, o.kMax],
    };
  }
  if (kMax < 2) {
    // Too few distinct buyers to split: one cluster, its centroid their mean.
    const centroid = meanPoint(selection);
    return {
      k: 1,
      centroids: [centroid],
      labels: new Array<number>(n).fill(0),
      silhouette_by_k: [],
      silhouette: null,
      stability: noStability,
      seed: o.seed,
      restarts: o.restarts,
      samples: { ...samples, fit: n },
      k_range: [o.kMin, o.kMax],
    };
  }

  const silhouetteIdx = sampleIndices(selection.length, o.silhouetteSample, o.seed + 1);
  samples.silhouette = silhouetteIdx.length;
  const silhouette_by_k: { k: number; silhouette: number }[] = [];
  const fits = new Map<number, { centroids: number[][]; labels: number[] }>();
  for (let k = kMin; k <= kMax; k++) {
    const fit = runKmeans(selection, k, o.seed, o.restarts);
    fits.set(k, fit);
    silhouette_by_k.push({
      k,
      silhouette: meanSilhouette(
        silhouetteIdx.map((i) => selection[i]),
        silhouetteIdx.map((i) => fit.labels[i]),
      ),
    });
  }
  // The best mean silhouette; on a tie the smaller k, which is easier to act on.
  const best = silhouette_by_k.reduce((a, b) => (b.silhouette > a.silhouette + 1e-12 ? b : a));

  // The chosen fit, refined on a larger sample: Lloyd's iterations started
  // from its centroids converge in a few steps, where fresh restarts on the
  // larger sample would cost as much again.
  const chosen = fits.get(best.k)!;
  let centroids = dropEmpty(chosen.centroids, chosen.labels);
  samples.fit = selection.length;
  if (n > selection.length) {
    const fitPoints = sampleIndices(n, o.fitSample, o.seed + 2).map((i) => row(points, i));
    samples.fit = fitPoints.length;
    const refined = kmeans(flat(fitPoints), points.cols, centroids.length, {
      initialization: centroids,
      maxIterations: 100,
    });
    centroids = dropEmpty(refined.centroids, refined.clusters);
  }
  centroids = orderByValue(centroids, valueAxis);
  const labels = assign(points, centroids);

  const reference = selectionIdx.map((i) => labels[i]);
  const stability = measureStability(selection, reference, centroids.length, o);
  return {
    k: centroids.length,
    centroids,
    labels,
    silhouette_by_k,
    silhouette: best.silhouette,
    stability,
    seed: o.seed,
    restarts: o.restarts,
    samples,
    k_range: [kMin, kMax],
  };
}

/**
 * Single k-means++ runs from other seeds and on bootstrap resamples, compared
 * with the model by ARI: how much the clusters owe to the start and to the
 * sample.
 */
function measureStability(
  selection: number[][],
  reference: number[],
  k: number,
  o: Required<ClusterOptions>,
): Stability {
  const seedAri: number[] = [];
  for (let s = 1; s <= o.stabilitySeeds; s++) {
    const fit = runKmeans(selection, k, o.seed + 1000 * s, 1);
    seedAri.push(
      adjustedRandIndex(
        reference,
        selection.map((p) => nearest(p, fit.centroids)),
      ),
    );
  }
  const bootAri: number[] = [];
  for (let b = 1; b <= o.bootstrapRuns; b++) {
    const resample = bootstrapIndices(selection.length, o.seed + 7919 * b).map((i) => selection[i]);
    const kb = Math.min(k, countDistinct(resample));
    if (kb < 1) continue;
    const fit = runKmeans(resample, kb, o.seed, 1);
    bootAri.push(
      adjustedRandIndex(
        reference,
        selection.map((p) => nearest(p, fit.centroids)),
      ),
    );
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const min = (xs: number[]) => (xs.length ? Math.min(...xs) : null);
  return {
    across_seeds_ari: mean(seedAri),
    across_seeds_min_ari: min(seedAri),
    bootstrap_ari: mean(bootAri),
    bootstrap_min_ari: min(bootAri),
    seeds: seedAri.length,
    bootstrap_runs: bootAri.length,
    sample: selection.length,
  };
}

/**
 * k-means++ from `restarts` fixed seeds, keeping the run with the least
 * within-cluster sum of squares: one run can settle in a poor local optimum.
 */
function runKmeans(
  points: number[][],
  k: number,
  seed: number,
  restarts: number,
): { centroids: number[][]; labels: number[] } {
  if (k <= 1) return { centroids: [meanPoint(points)], labels: new Array<number>(points.length).fill(0) };
  let best: { centroids: number[][]; labels: number[]; sse: number } | undefined;
  const data = flat(points);
  for (let r = 0; r < restarts; r++) {
    const result = kmeans(data, points[0].length, k, { seed: seed + r, maxIterations: 100 });
    const sse = inertia(points, result.centroids, result.clusters);
    if (!best || sse < best.sse) best = { centroids: result.centroids, labels: result.clusters, sse };
  }
  return best!;
}

/** Rows as one row-major array, for kmeans.ts. */
function flat(rows: readonly number[][]): Float64Array {
  const d = rows[0]?.length ?? 0;
  const out = new Float64Array(rows.length * d);
  rows.forEach((r, i) => out.set(r, i * d));
  return out;
}

function inertia(points: number[][], centroids: number[][], labels: number[]): number {
  let sum = 0;
  for (let i = 0; i < points.length; i++) {
    const c = centroids[labels[i]];
    for (let j = 0; j < c.length; j++) sum += (points[i][j] - c[j]) ** 2;
  }
  return sum;
}

function dropEmpty(centroids: number[][], labels: number[]): number[][] {
  const used = new Set(labels);
  return centroids.filter((_, i) => used.has(i));
}

function orderByValue(centroids: number[][], axis: number): number[][] {
  return [...centroids].sort((a, b) => b[axis] - a[axis]);
}

function meanPoint(points: readonly number[][]): number[] {
  const d = points[0]?.length ?? 0;
  const m = new Array<number>(d).fill(0);
  for (const p of points) for (let j = 0; j < d; j++) m[j] += p[j] / points.length;
  return m;
}

function countDistinct(points: readonly number[][]): number {
  return new Set(points.map((p) => p.join(","))).size;
}
