/**
 * A small seeded pseudo-random generator (xoshiro128**, seeded through
 * splitmix32) and the few distributions the business model draws from.
 *
 * Each part of the generator draws from its own named stream, so that a change
 * in one place (say, one more draw per customer name) does not shift every
 * order after it, and tests can rebuild one part without the others.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** Box–Muller makes normals in pairs; the second waits here. */
  private spare: number | undefined;

  /** The stream called `name` of the generator seeded with `seed`. */
  static stream(seed: number, name: string): Random {
    return new Random((seed ^ Math.imul(fnv1a(name), 0x9e3779b9)) >>> 0);
  }

  constructor(seed: number) {
    // splitmix32 spreads a 32-bit seed over the 128-bit state, which must not be all zero.
    let s = seed >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() || 1;
  }

  /** Uniform 32-bit unsigned integer. */
  uint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.next();
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Fisher–Yates, in place. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const x = items[i];
      items[i] = items[j];
      items[j] = x;
    }
    return items;
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    if (this.spare !== undefined) {
      const z = this.spare;
      this.spare = undefined;
      return z;
    }
    const u = 1 - this.next(); // in (0, 1], so the log is finite
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spare = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /** Lognormal with the given median and log-scale spread: median * exp(sigma * Z). */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /**
   * Poisson count with mean lambda: Knuth's product method for small means,
   * the rounded normal approximation above 30 (where it is within a percent).
   */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * this.normal()));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** Exponential with the given rate (mean 1 / rate). */
  exponential(rate: number): number {
    return -Math.log(1 - this.next()) / rate;
  }

  /**
   * Gamma with the given shape and rate (mean shape / rate): Marsaglia and
   * Tsang's squeeze, with the U^(1/shape) boost for shapes below 1.
   */
  gamma(shape: number, rate: number): number {
    if (!(shape > 0) || !(rate > 0))
      throw new RangeError(`gamma: shape and rate must be > 0, got ${shape} and ${rate}`);
    if (shape < 1) return this.gamma(shape + 1, rate) * Math.pow(1 - this.next(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let z: number;
      let v: number;
      do {
        z = this.normal();
        v = 1 + c * z;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next();
      if (u < 1 - 0.0331 * z ** 4 || Math.log(u) < 0.5 * z * z + d * (1 - v + Math.log(v))) return (d * v) / rate;
    }
  }

  /** Beta(a, b) as a ratio of gammas. */
  beta(a: number, b: number): number {
    const x = this.gamma(a, 1);
    return x / (x + this.gamma(b, 1));
  }

  /** Index drawn with probability proportional to its weight; `table` comes from `cumulative`. */
  choose(table: Float64Array): number {
    return searchCumulative(table, this.next() * table[table.length - 1]);
  }
}

/** Running sums of non-negative weights, for `Random.choose`. */
export function cumulative(weights: ArrayLike<number>): Float64Array {
  const table = new Float64Array(weights.length);
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    if (!(weights[i] >= 0)) throw new RangeError(`weight ${i} is ${weights[i]}, not a non-negative number`);
    sum += weights[i];
    table[i] = sum;
  }
  if (!(sum > 0)) throw new RangeError("weights must not all be zero");
  return table;
}

/** First index whose running sum exceeds x: zero-weight entries are never found. */
export function searchCumulative(table: Float64Array, x: number): number {
  let low = 0;
  let high = table.length - 1;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (table[mid] > x) high = mid;
    else low = mid + 1;
  }
  return low;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** FNV-1a, to turn a stream name into 32 bits. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
