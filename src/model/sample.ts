/**
 * Seeded sampling, so that every run of the models on the same data picks the
 * same customers (segmentation: k selection, silhouette and bootstrap;
 * prediction: the training sample).
 */

/** mulberry32: a tiny 32-bit generator, good enough for sampling. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `size` distinct indices of `0..n-1` in ascending order (all of them when n <= size). */
export function sampleIndices(n: number, size: number, seed: number): number[] {
  if (n <= size) return Array.from({ length: n }, (_, i) => i);
  // Partial Fisher–Yates over a typed array: O(n) memory once, O(size) swaps.
  const random = seededRandom(seed);
  const pool = new Uint32Array(n);
  for (let i = 0; i < n; i++) pool[i] = i;
  for (let i = 0; i < size; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  // A typed array sorts natively, in numeric order: no comparator call per pair.
  return Array.from(pool.subarray(0, size).sort());
}

/** `n` indices of `0..n-1` drawn with replacement: a bootstrap sample. */
export function bootstrapIndices(n: number, seed: number): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Math.floor(random() * n));
}
