/**
 * `indices` ordered by `values[index]` ascending, equal values keeping the
 * order they are given in: the order of
 * `indices.sort((a, b) => values[a] - values[b] || a - b)` for indices given
 * ascending, without a comparator call per pair (half a million customers:
 * 200 ms with the comparator, about 40 ms here). -0 equals 0, as it does for
 * the comparator; NaN goes last.
 *
 * A least-significant-digit radix sort, stable by construction, on each
 * value's bits made to order as unsigned integers (a positive number's sign
 * bit set, a negative number's every bit flipped), 16 bits a pass; a pass
 * whose digit is the same for every value is skipped.
 *
 * Each loop is a function of its own. In one function, V8 compiled the whole
 * of it on reaching each hot loop in turn and threw the code away on leaving
 * it, where the code after had not run yet (27 compiles in a run at ten
 * million order lines); a small function is compiled once, for the types its
 * own calls saw.
 */
export function ascendingOrder(values: ArrayLike<number>, indices: ArrayLike<number>): Int32Array {
  const n = indices.length;
  let words = sortableWords(values, indices);
  let order = Int32Array.from(indices);
  let spareWords = new Uint32Array(2 * n);
  let spareOrder = new Int32Array(n);
  const count = new Uint32Array(1 << 16);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass >> 1;
    const shift = (pass & 1) * 16;
    if (!startsOfDigits(words, n, word, shift, count)) continue;
    scatter(words, order, n, word, shift, count, spareWords, spareOrder);
    [words, spareWords] = [spareWords, words];
    [order, spareOrder] = [spareOrder, order];
  }
  return order;
}

/**
 * Two 32-bit words per value, low word first (little-endian, as every platform Node runs on), that order as unsigned
 * integers.
 */
function sortableWords(values: ArrayLike<number>, indices: ArrayLike<number>): Uint32Array<ArrayBuffer> {
  const n = indices.length;
  const key = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = values[indices[k]];
    key[k] = v === 0 ? 0 : Number.isNaN(v) ? NaN : v;
  }
  const words = new Uint32Array(key.buffer);
  for (let k = 0; k < n; k++) {
    const high = words[2 * k + 1];
    if (high & 0x80000000) {
      words[2 * k + 1] = ~high >>> 0;
      words[2 * k] = ~words[2 * k] >>> 0;
    } else words[2 * k + 1] = (high | 0x80000000) >>> 0;
  }
  return words;
}

/**
 * Counts the 16-bit digits at `shift` of word `word`, then turns the counts into each digit's first position.
 * False, with nothing to move, when every value has the same digit.
 */
function startsOfDigits(words: Uint32Array, n: number, word: number, shift: number, count: Uint32Array): boolean {
  count.fill(0);
  for (let k = 0; k < n; k++) count[(words[2 * k + word] >>> shift) & 0xffff]++;
  if (n === 0 || count[(words[word] >>> shift) & 0xffff] === n) return false;
  let start = 0;
  for (let d = 0; d < count.length; d++) {
    const c = count[d];
    count[d] = start;
    start += c;
  }
  return true;
}

/** Moves every value (both words and its index) to its digit's next position. */
function scatter(
  words: Uint32Array,
  order: Int32Array,
  n: number,
  word: number,
  shift: number,
  count: Uint32Array,
  toWords: Uint32Array,
  toOrder: Int32Array,
): void {
  for (let k = 0; k < n; k++) {
    const to = count[(words[2 * k + word] >>> shift) & 0xffff]++;
    toWords[2 * to] = words[2 * k];
    toWords[2 * to + 1] = words[2 * k + 1];
    toOrder[to] = order[k];
  }
}
