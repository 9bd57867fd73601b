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
  // Each column is walked as one contiguous array (a copy of x, column by column), four at a time: every row's sum
  // and every weight's gradient still add their terms in the same order, so the weights are the same bits. Long
  // loops over whole columns ran about a quarter faster than a short loop per row (50,000 rows of 8, 100 steps), and
  // four columns to a pass another 30% (213 ms to 150 ms a fit): the sums and errors are read and written a quarter
  // as often. Columns past the last are zeros with weight 0: x + 0 is x (+0 for -0, the same to exp).
  const width = Math.ceil(columns / 4) * 4;
  const byColumn: Float64Array[] = [];
  for (let j = 0; j < columns; j++) byColumn.push(column(x, columns, j, m));
  const zeros = new Float64Array(m);
  while (byColumn.length < width) byColumn.push(zeros);
  const w = new Float64Array(width);
  const sum = new Float64Array(m);
  const error = new Float64Array(m);
  for (let step = 0; step < steps; step++) {
    for (let j = 0; j < width; j += 4) {
      const [a, b, c, d] = byColumn.slice(j, j + 4);
      // The first four columns add to zeros (+0: the library's sums start from zero), the others to the sums so far.
      const from = j === 0 ? zeros : sum;
      if (j + 4 === width) errors(error, y, from, a, b, c, d, w[j], w[j + 1], w[j + 2], w[j + 3], m);
      else addTerms(sum, from, a, b, c, d, w[j], w[j + 1], w[j + 2], w[j + 3], m);
    }
    for (let j = 0; j < width; j += 4) {
      const [a, b, c, d] = byColumn.slice(j, j + 4);
      climb(w, j, a, b, c, d, error, m, rate);
    }
  }
  return w.slice(0, columns);
}

// Each loop is a function of its own, called once a pass: in one function, V8 compiled the whole of it on reaching
// each hot loop in turn and threw the code away on leaving it for code that had not run yet (20 compiles in a run
// at ten million order lines).

/** Column `j` of the row-major `x` as one contiguous array. */
function column(x: Float64Array, columns: number, j: number, m: number): Float64Array {
  const out = new Float64Array(m);
  for (let i = 0, o = j; i < m; i++, o += columns) out[i] = x[o];
  return out;
}

/** Every row's sum so far (`from`) with four more columns' terms, into `sum` (which may be `from`). */
function addTerms(
  sum: Float64Array,
  from: Float64Array,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  wa: number,
  wb: number,
  wc: number,
  wd: number,
  m: number,
): void {
  for (let i = 0; i < m; i++) sum[i] = from[i] + a[i] * wa + b[i] * wb + c[i] * wc + d[i] * wd;
}

/** Every row's error after the last four columns' terms, y - p as the library adds it (-p + y: the same bits). */
function errors(
  error: Float64Array,
  y: Float64Array,
  from: Float64Array,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  wa: number,
  wb: number,
  wc: number,
  wd: number,
  m: number,
): void {
  for (let i = 0; i < m; i++)
    error[i] = y[i] - 1 / (1 + Math.exp(-(from[i] + a[i] * wa + b[i] * wb + c[i] * wc + d[i] * wd)));
}

/** Four weights up their gradient: w += rate · (column · error). */
function climb(
  w: Float64Array,
  j: number,
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  d: Float64Array,
  error: Float64Array,
  m: number,
  rate: number,
): void {
  let ga = 0;
  let gb = 0;
  let gc = 0;
  let gd = 0;
  for (let i = 0; i < m; i++) {
    const e = error[i];
    ga += a[i] * e;
    gb += b[i] * e;
    gc += c[i] * e;
    gd += d[i] * e;
  }
  w[j] = w[j] + ga * rate;
  w[j + 1] = w[j + 1] + gb * rate;
  w[j + 2] = w[j + 2] + gc * rate;
  w[j + 3] = w[j + 3] + gd * rate;
}
