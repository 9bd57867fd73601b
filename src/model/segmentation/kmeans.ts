import { Random } from "ml-random";

/**
 * k-means on one flat Float64Array: the steps of ml-kmeans 7 (k-means++ as it
 * seeds it, then Lloyd's iterations until every centre moves less than the
 * tolerance), with the same draws from ml-random and the same additions in the
 * same order, so the same centroids and clusters to the last bit (a test holds
 * the two equal). The library works on arrays of arrays through ml-matrix,
 * copying a row for every distance: segmentation fits a few dozen k-means a
 * run, and that copying was most of the clustering's time.
 *
 * `points` is row-major, `points.length / d` rows of `d` values.
 */

export interface KmeansOptions {
  /** Seed of k-means++; unused with `initialization`. */
  seed?: number;
  /** Start from these centres instead of k-means++. */
  initialization?: readonly (readonly number[])[];
  /** Default 100; 0 means no limit. */
  maxIterations?: number;
  /** Largest squared move of a centre that counts as converged; default 1e-6. */
  tolerance?: number;
}

export interface KmeansFit {
  /** One centre per cluster. */
  centroids: number[][];
  /** Each point's cluster (its nearest centre before the last move). */
  clusters: number[];
}

export function kmeans(points: Float64Array, d: number, k: number, options: KmeansOptions = {}): KmeansFit {
  const n = d > 0 ? points.length / d : 0;
  if (k <= 0 || k > n || !Number.isInteger(k))
    throw new Error("K should be a positive integer smaller than the number of points");
  const maxIterations = options.maxIterations === 0 ? Number.MAX_VALUE : (options.maxIterations ?? 100);
  const tolerance = options.tolerance ?? 1e-6;
  let centers: Float64Array<ArrayBufferLike>;
  if (options.initialization) {
    if (options.initialization.length !== k) throw new Error("The initial centers should have the same length as K");
    centers = Float64Array.from(options.initialization.flat());
  } else {
    centers = kmeansPlusPlus(points, d, k, options.seed);
  }

  const clusters = new Int32Array(n);
  const counts = new Float64Array(k);
  let next: Float64Array<ArrayBufferLike> = new Float64Array(k * d);
  let converged = false;
  for (let step = 0; !converged && step < maxIterations; step++) {
    // Each point to its nearest centre: the first of equals, from Number.MAX_VALUE down, as nearestVector.
    for (let i = 0, p = 0; i < n; i++, p += d) {
      let nearest = -1;
      let least = Number.MAX_VALUE;
      for (let c = 0, q = 0; c < k; c++, q += d) {
        const distance = squaredDistance(points, p, centers, q, d);
        if (distance < least) {
          least = distance;
          nearest = c;
        }
      }
      if (nearest < 0) throw new Error(`k-means: point ${i} is at no finite distance from any centre`);
      clusters[i] = nearest;
    }
    // The new centres: the sums in point order over the counts; an empty cluster keeps its centre.
    next.fill(0);
    counts.fill(0);
    for (let i = 0, p = 0; i < n; i++, p += d) {
      const q = clusters[i] * d;
      counts[clusters[i]]++;
      for (let j = 0; j < d; j++) next[q + j] += points[p + j];
    }
    for (let c = 0, q = 0; c < k; c++, q += d)
      for (let j = 0; j < d; j++) next[q + j] = counts[c] ? next[q + j] / counts[c] : centers[q + j];
    converged = true;
    for (let c = 0, q = 0; c < k && converged; c++, q += d)
      if (squaredDistance(next, q, centers, q, d) > tolerance) converged = false;
    [centers, next] = [next, centers];
  }
  return {
    centroids: Array.from({ length: k }, (_, c) => Array.from(centers.subarray(c * d, (c + 1) * d))),
    clusters: Array.from(clusters),
  };
}

/**
 * ml-kmeans' k-means++ (after scikit-learn): the first centre drawn at
 * random, each next one the best of 2 + ⌊ln k⌋ candidates drawn in proportion
 * to the squared distance to the nearest centre so far, "best" being the one
 * that leaves the smallest total of those distances.
 */
function kmeansPlusPlus(points: Float64Array, d: number, k: number, seed: number | undefined): Float64Array {
  const n = points.length / d;
  const random = new Random(seed);
  const trials = 2 + Math.floor(Math.log(k));
  const centers = new Float64Array(k * d);
  const first = random.randInt(n);
  centers.set(points.subarray(first * d, (first + 1) * d), 0);
  let closest = new Float64Array(n);
  for (let i = 0; i < n; i++) closest[i] = squaredDistance(points, i * d, centers, 0, d);
  let probabilities = scaled(closest);
  let candidate = new Float64Array(n);
  let best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    const drawn = random.choice(n, { replace: true, size: trials, probabilities: Array.from(probabilities) });
    let bestIndex = -1;
    let bestPotential = Infinity;
    for (const index of drawn) {
      let potential = 0;
      for (let i = 0; i < n; i++) {
        candidate[i] = Math.min(closest[i], squaredDistance(points, i * d, points, index * d, d));
        potential += candidate[i];
      }
      if (potential < bestPotential) {
        bestIndex = index;
        bestPotential = potential;
        [best, candidate] = [candidate, best];
      }
    }
    if (bestIndex < 0) throw new Error("k-means++: no candidate centre is at a finite distance from the points");
    centers.set(points.subarray(bestIndex * d, (bestIndex + 1) * d), c * d);
    [closest, best] = [best, closest];
    probabilities = scaled(closest);
  }
  return centers;
}

/**
 * Σ (a - b)² over `d` values of `a` from `at` and of `b` from `bt`, added in order: ml-distance-euclidean's
 * squaredEuclidean (its operands swapped where the library swaps them: a difference negated squares the same).
 */
function squaredDistance(a: Float64Array, at: number, b: Float64Array, bt: number, d: number): number {
  let distance = 0;
  for (let j = 0; j < d; j++) {
    const diff = a[at + j] - b[bt + j];
    distance += diff * diff;
  }
  return distance;
}

/** `values` times 1 / their sum (summed from the first, as xSum), as ml-matrix's Matrix.mul does. */
function scaled(values: Float64Array): Float64Array {
  let sum = values[0];
  for (let i = 1; i < values.length; i++) sum += values[i];
  const factor = 1 / sum;
  return values.map((v) => v * factor);
}
