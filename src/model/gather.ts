/**
 * `values[at[k]]` for every k, into a new Float64Array: the columns of a
 * subset of customers (the buyers, a fit's sample, the customers a backtest
 * compares). A loop, not `Float64Array.from(at, (i) => values[i])`, whose call
 * per value cost 50-100 ms a column at 480,000 customers.
 */
export function gather(values: ArrayLike<number>, at: ArrayLike<number>): Float64Array {
  const out = new Float64Array(at.length);
  for (let k = 0; k < out.length; k++) out[k] = values[at[k]];
  return out;
}
