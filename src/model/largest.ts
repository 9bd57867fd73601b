/**
 * The indices of the `n` largest values, largest first, ties broken by
 * `tie(a, b)` (then by index): the same as sorting every index and keeping
 * `n`, without sorting a million of them. A typed-array sort finds the cut,
 * and only the indices at or above it are compared.
 */
export function largestIndices(values: Float64Array, n: number, tie: (a: number, b: number) => number): number[] {
  const all = values.length;
  let candidates: number[];
  if (all > n) {
    const cut = Float64Array.from(values).sort()[all - n];
    candidates = [];
    for (let i = 0; i < all; i++) if (values[i] >= cut) candidates.push(i);
  } else candidates = Array.from({ length: all }, (_, i) => i);
  return candidates.sort((a, b) => values[b] - values[a] || tie(a, b)).slice(0, Math.max(0, n));
}
