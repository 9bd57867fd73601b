/**
 * Points as one flat Float64Array, row after row: a million buyers cost one
 * allocation instead of a million small arrays for the garbage collector.
 */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

export function matrix(rows: number, cols: number): Matrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function fromRows(points: readonly (readonly number[])[]): Matrix {
  const m = matrix(points.length, points[0]?.length ?? 0);
  points.forEach((p, i) => m.data.set(p, i * m.cols));
  return m;
}

/** Row `i` as a plain array (ml-kmeans takes arrays of arrays). */
export function row(m: Matrix, i: number): number[] {
  return Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
}

/** The index of the centroid nearest to `point` (squared Euclidean distance; the first on a tie). */
export function nearest(point: readonly number[], centroids: readonly number[][]): number {
  let best = 0;
  let bestDistance = Infinity;
  for (let c = 0; c < centroids.length; c++) {
    const centroid = centroids[c];
    let d = 0;
    for (let j = 0; j < point.length; j++) d += (point[j] - centroid[j]) ** 2;
    if (d < bestDistance) {
      bestDistance = d;
      best = c;
    }
  }
  return best;
}
