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
  // Each column is walked as one contiguous array (a copy of x, column by column): every row's sum and every
  // weight's gradient still add their terms in the same order, so the weights are the same bits, and the long
  // loops over one array ran about a quarter faster than a short loop per row (50,000 rows of 8, 100 steps).
  const byColumn: Float64Array[] = [];
  for (let j = 0; j < columns; j++) {
    const column = new Float64Array(m);
    for (let i = 0, o = j; i < m; i++, o += columns) column[i] = x[o];
    byColumn.push(column);
  }
  const w = new Float64Array(columns);
  const sum = new Float64Array(m);
  const error = new Float64Array(m);
  for (let step = 0; step < steps; step++) {
    sum.fill(0);
    for (let j = 0; j < columns; j++) {
      const column = byColumn[j];
      const wj = w[j];
      for (let i = 0; i < m; i++) sum[i] += column[i] * wj;
    }
    // -p + y, as the library adds it: the same bits as y - p.
    for (let i = 0; i < m; i++) error[i] = y[i] - 1 / (1 + Math.exp(-sum[i]));
    for (let j = 0; j < columns; j++) {
      const column = byColumn[j];
      let gradient = 0;
      for (let i = 0; i < m; i++) gradient += column[i] * error[i];
      w[j] = w[j] + gradient * rate;
    }
  }
  return w;
}
