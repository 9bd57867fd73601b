/**
 * The mean silhouette of a labelling: for each point, a = mean distance to
 * the other members of its cluster, b = the least mean distance to another
 * cluster, s = (b - a) / max(a, b) (0 for a point alone in its cluster).
 *
 * Same definition as simple-statistics' `silhouette` (the test checks they
 * agree), but in O(n·k) memory over typed arrays: simple-statistics builds the
 * full n x n matrix as nested arrays, which takes about a second for 2,000
 * points and does not fit for 5,000.
 */
export function meanSilhouette(points: readonly (readonly number[])[], labels: readonly number[]): number {
  const n = points.length;
  if (n !== labels.length) throw new Error(`meanSilhouette: ${n} points but ${labels.length} labels`);
  const ids = new Map<number, number>();
  const label = Int32Array.from(labels, (l) => {
    if (!ids.has(l)) ids.set(l, ids.size);
    return ids.get(l)!;
  });
  const k = ids.size;
  if (k < 2) return -1;
  const d = points[0].length;
  const flat = new Float64Array(n * d);
  points.forEach((p, i) => flat.set(p, i * d));
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[label[i]]++;

  // Each pair's distance once, added to both points' sums: a point's sums still receive their distances in the
  // order of the other point (all j < i before i's own row, then j > i), and (x - y)² is (y - x)² to the bit,
  // so the result is the same as one row per point, for half the distances.
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const rowI = i * k;
    const li = label[i];
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let c = 0; c < d; c++) {
        const diff = flat[oi + c] - flat[oj + c];
        s += diff * diff;
      }
      const distance = Math.sqrt(s);
      sums[rowI + label[j]] += distance;
      sums[j * k + li] += distance;
    }
  }
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = label[i];
    if (sizes[own] <= 1) continue;
    const row = i * k;
    const a = sums[row + own] / (sizes[own] - 1);
    let b = Infinity;
    for (let g = 0; g < k; g++) if (g !== own && sums[row + g] / sizes[g] < b) b = sums[row + g] / sizes[g];
    total += (b - a) / Math.max(a, b);
  }
  return total / n;
}
