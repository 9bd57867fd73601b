/**
 * Batch gradient ascent on the log-likelihood of a logistic regression, from
 * zero weights with a fixed step: w += rate · Xᵀ (y - sigmoid(X w)).
 *
 * These are the steps of ml-logistic-regression 2.0's two-class trainer, in
 * the same order of additions (so the same weights to the last bit), on one
 * flat Float64Array. The library allocates a row-per-sample matrix, its
 * transpose and several vectors at every step: on 50,000 rows that was most
 * of a full analysis' CPU time, half of it garbage collection.
 *
 * `x` is row-major, `y.length` rows of `columns` values (the intercept's
 * column of ones included by the caller); `y` holds 0 or 1.
 */
export function gradientAscent(
  x: Float64Array,
  columns: number,
  y: Float64Array,
  steps: number,
  rate: number,
): Float64Array {
  const m = y.length;
  if (x.length !== m * columns)
    throw new RangeError(`gradientAscent: ${x.length} values for ${m} rows of ${columns}; expected ${m * columns}`);
  const w = new Float64Array(columns);
  const error = new Float64Array(m);
  const gradient = new Float64Array(columns);
  for (let step = 0; step < steps; step++) {
    for (let i = 0, o = 0; i < m; i++, o += columns) {
      let s = 0;
      for (let j = 0; j < columns; j++) s += x[o + j] * w[j];
      // -p + y, as the library adds it: the same bits as y - p.
      error[i] = y[i] - 1 / (1 + Math.exp(-s));
    }
    gradient.fill(0);
    for (let i = 0, o = 0; i < m; i++, o += columns) {
      const e = error[i];
      for (let j = 0; j < columns; j++) gradient[j] += x[o + j] * e;
    }
    for (let j = 0; j < columns; j++) w[j] = w[j] + gradient[j] * rate;
  }
  return w;
}
