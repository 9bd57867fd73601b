import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { minimise } from "./minimise.js";

/**
 * BG/NBD (Fader, Hardie and Lee 2005, "Counting your customers the easy
 * way"): while alive a customer buys at a Poisson rate λ ~ Gamma(r, α), and
 * after each purchase drops out with probability p ~ Beta(a, b). It needs
 * per customer only
 *
 *   x    repeat purchases (orders - 1),
 *   t_x  time from the first to the last purchase,
 *   T    time from the first purchase to the cutoff,
 *
 * and predicts any horizon. Time is in whatever unit the inputs use (days
 * here; weeks in the paper, so α differs by a factor of 7 between the two).
 *
 * Fitted by maximum likelihood with BFGS (`minimise`, numeric's `uncmin`)
 * on log r, log α, log a, log b (positivity for free) with the analytic
 * gradient. The likelihood is computed in log space; customers are first
 * collapsed to their distinct (x, t_x, T) rows with weights, and the terms
 * depending only on x (log-gammas, digammas) once per distinct x, so a pass
 * over a million customers is a few logs and one exp per distinct row.
 */

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** The customers as columns: one entry per customer. */
export interface RfData {
  x: ArrayLike<number>;
  tx: ArrayLike<number>;
  T: ArrayLike<number>;
}

export interface BgNbdFit {
  params: BgNbdParams;
  /** Total log-likelihood at the optimum. */
  log_likelihood: number;
  customers: number;
  /** Distinct (x, t_x, T) rows the likelihood was summed over. */
  distinct_rows: number;
  iterations: number;
  /** The optimiser's reason for stopping. */
  message: string;
}

export class BgNbdError extends Error {
  override name = "BgNbdError";
}

/** Customers collapsed to distinct rows, each with its weight and the index of its x among the distinct x values. */
export interface CompressedRf {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** Distinct x values and, per row, the index of its x in them. */
  xs: Float64Array;
  xIndex: Int32Array;
  /** Sum of the weights per distinct x. */
  xWeight: Float64Array;
  /**
   * Distinct T and t_x values and, per row, the index of its T and t_x in
   * them: whole days take a thousand or so values, so the logarithms of
   * α + T and α + t_x are taken once per value rather than once per row.
   */
  Ts: Float64Array;
  TIndex: Int32Array;
  txs: Float64Array;
  txIndex: Int32Array;
  customers: number;
}

/**
 * Checks the columns and merges identical customers (whole-day data has many). Each pass over the customers is a
 * function of its own: in one function, V8 compiled the whole of it on reaching each hot loop in turn and threw the
 * code away on leaving it for code that had not run yet (20 compiles in a run at ten million order lines).
 */
export function compressRf(data: RfData): CompressedRf {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n)
    throw new BgNbdError(
      `x, t_x and T have ${n}, ${data.tx.length} and ${data.T.length} entries; expected one each per customer`,
    );
  checkRf(data);
  // A numeric key when everything is a small whole number (the usual case: days), else no merging.
  const { rowOf, rows } =
    wholeBelow(data.x, 2 ** 12) && wholeBelow(data.T, 2 ** 20) ? distinctRows(data) : eachItsOwnRow(n);
  const x = new Float64Array(rows);
  const tx = new Float64Array(rows);
  const T = new Float64Array(rows);
  const weight = new Float64Array(rows);
  collapse(data, rowOf, x, tx, T, weight);
  const xs = Float64Array.from(new Set(x)).sort();
  const position = new Map<number, number>();
  xs.forEach((v, k) => position.set(v, k));
  const xIndex = Int32Array.from(x, (v) => position.get(v)!);
  const xWeight = new Float64Array(xs.length);
  for (let row = 0; row < rows; row++) xWeight[xIndex[row]] += weight[row];
  const [Ts, TIndex] = distinctValues(T);
  const [txs, txIndex] = distinctValues(tx);
  return { x, tx, T, weight, xs, xIndex, xWeight, Ts, TIndex, txs, txIndex, customers: n };
}

function checkRf(data: RfData): void {
  for (let i = 0; i < data.x.length; i++) {
    const x = data.x[i];
    const tx = data.tx[i];
    const T = data.T[i];
    if (!(Number.isInteger(x) && x >= 0) || !(tx >= 0) || !(T >= tx) || !Number.isFinite(T) || (x === 0 && tx !== 0)) {
      throw new BgNbdError(
        `customer ${i}: expected whole x >= 0 and 0 <= t_x <= T (t_x = 0 when x = 0), got x=${x}, t_x=${tx}, T=${T}`,
      );
    }
  }
}

function wholeBelow(v: ArrayLike<number>, limit: number): boolean {
  for (let i = 0; i < v.length; i++) if (!Number.isInteger(v[i]) || v[i] >= limit) return false;
  return true;
}

/**
 * Each customer's row among the distinct (x, t_x, T), rows numbered in order of first appearance; the distinct keys
 * found by one native sort and a binary search each, not a Map of a million keys.
 */
function distinctRows(data: RfData): { rowOf: Int32Array; rows: number } {
  const n = data.x.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (data.x[i] * 2 ** 20 + data.tx[i]) * 2 ** 20 + data.T[i];
  const sorted = keys.slice().sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (distinct === 0 || sorted[i] !== sorted[distinct - 1]) sorted[distinct++] = sorted[i];
  const rowOf = new Int32Array(n);
  const rows = numberRows(keys, sorted, distinct, rowOf);
  return { rowOf, rows };
}

/** `rowOf[i]`: the row of `keys[i]`, rows numbered as their keys first appear; returns the number of rows. */
function numberRows(keys: Float64Array, sorted: Float64Array, distinct: number, rowOf: Int32Array): number {
  const rowAt = new Int32Array(distinct).fill(-1);
  let rows = 0;
  for (let i = 0; i < keys.length; i++) {
    let lo = 0;
    let hi = distinct;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid] < keys[i]) lo = mid + 1;
      else hi = mid;
    }
    if (rowAt[lo] < 0) rowAt[lo] = rows++;
    rowOf[i] = rowAt[lo];
  }
  return rows;
}

function eachItsOwnRow(n: number): { rowOf: Int32Array; rows: number } {
  const rowOf = new Int32Array(n);
  for (let i = 0; i < n; i++) rowOf[i] = i;
  return { rowOf, rows: n };
}

function collapse(
  data: RfData,
  rowOf: Int32Array,
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
  weight: Float64Array,
): void {
  for (let i = 0; i < rowOf.length; i++) {
    const row = rowOf[i];
    x[row] = data.x[i];
    tx[row] = data.tx[i];
    T[row] = data.T[i];
    weight[row]++;
  }
}

/** The distinct values of `v` (in order of first appearance) and, per entry, the index of its value. */
function distinctValues(v: Float64Array): [Float64Array, Int32Array] {
  const position = new Map<number, number>();
  const index = new Int32Array(v.length);
  const values: number[] = [];
  for (let i = 0; i < v.length; i++) {
    let k = position.get(v[i]);
    if (k === undefined) {
      position.set(v[i], (k = values.length));
      values.push(v[i]);
    }
    index[i] = k;
  }
  return [Float64Array.from(values), index];
}

/**
 * Mean negative log-likelihood per customer at log-parameters θ = (ln r,
 * ln α, ln a, ln b), and its gradient in θ into `gradient` when given.
 *
 *   ℓ = ln Γ(r+x) - ln Γ(r) + r ln α + ln B(a, b+x) - ln B(a, b) - (r+x) ln(α+T)
 *       + ln(1 + [x>0] e^c),   c = ln a - ln(b+x-1) + (r+x)(ln(α+T) - ln(α+t_x))
 */
function bgNbdObjective(theta: readonly number[], d: CompressedRf, gradient?: number[]): number {
  const [r, alpha, a, b] = theta.map(Math.exp);
  // ℓ and its derivatives in r, α, a and b: the sums of both passes, in this order.
  const sums = new Float64Array(5);
  repeatCountTerms(d, r, alpha, a, b, sums);
  rowTerms(d, r, alpha, a, b, sums);
  const [ll, gR, gAlpha, gA, gB] = sums;
  const n = d.customers;
  if (gradient) {
    // d/d ln θ = θ d/dθ; negated and per customer, like the value.
    gradient[0] = (-r * gR) / n;
    gradient[1] = (-alpha * gAlpha) / n;
    gradient[2] = (-a * gA) / n;
    gradient[3] = (-b * gB) / n;
  }
  return -ll / n;
}

// The two passes are functions of their own. In one function V8 compiled the code from within the rows' loop, and at
// every one of the optimiser's calls (54 in a run at ten million order lines) ran the rest in its interpreter: the
// terms per distinct x, and the lines after the loop, which its compile had not seen run. Now the first pass is
// compiled as a function, and only the store of the sums is left after the loop.

/** The terms that depend on x only, once per distinct x, weighted by its customers. */
function repeatCountTerms(d: CompressedRf, r: number, alpha: number, a: number, b: number, sums: Float64Array): void {
  const lnA = Math.log(alpha);
  const m = d.xs.length;
  const constX = new Float64Array(m);
  const dRx = new Float64Array(m);
  const dAx = new Float64Array(m);
  const dBx = new Float64Array(m);
  const base = -gammaln(r) - gammaln(b) + gammaln(a + b) + r * lnA;
  const psiAB = digamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  for (let k = 0; k < m; k++) {
    const x = d.xs[k];
    constX[k] = base + gammaln(r + x) + gammaln(b + x) - gammaln(a + b + x);
    dRx[k] = digamma(r + x) - psiR + lnA;
    const psiABx = digamma(a + b + x);
    dAx[k] = psiAB - psiABx;
    dBx[k] = digamma(b + x) - psiB + psiAB - psiABx;
  }
  let ll = 0;
  for (let k = 0; k < m; k++) ll += d.xWeight[k] * constX[k];
  let gR = 0;
  let gAlpha = 0;
  let gA = 0;
  let gB = 0;
  for (let k = 0; k < m; k++) {
    gR += d.xWeight[k] * dRx[k];
    gAlpha += (d.xWeight[k] * r) / alpha;
    gA += d.xWeight[k] * dAx[k];
    gB += d.xWeight[k] * dBx[k];
  }
  sums.set([ll, gR, gAlpha, gA, gB]);
}

/** Each distinct (x, t_x, T) row's terms, weighted by its customers. */
function rowTerms(d: CompressedRf, r: number, alpha: number, a: number, b: number, sums: Float64Array): void {
  let [ll, gR, gAlpha, gA, gB] = sums;
  const lnAlphaA = Math.log(a);
  // α + T, α + t_x, their logs and ln(b + x - 1) once per distinct value: the same numbers as per row.
  const alphaT = d.Ts.map((T) => alpha + T);
  const lnAlphaT = alphaT.map(Math.log);
  const alphaTx = d.txs.map((tx) => alpha + tx);
  const lnAlphaTx = alphaTx.map(Math.log);
  const lnBx = d.xs.map((x) => Math.log(b + x - 1));
  const rows = d.x.length;
  for (let i = 0; i < rows; i++) {
    const w = d.weight[i];
    const x = d.x[i];
    const rx = r + x;
    const aT = alphaT[d.TIndex[i]];
    const lT = lnAlphaT[d.TIndex[i]];
    ll -= w * rx * lT;
    gR -= w * lT;
    gAlpha -= (w * rx) / aT;
    if (x > 0) {
      const at = alphaTx[d.txIndex[i]];
      const lt = lnAlphaTx[d.txIndex[i]];
      const c = lnAlphaA - lnBx[d.xIndex[i]] + rx * (lT - lt);
      // ln(1 + e^c) and σ(c) without overflow either way.
      let s: number;
      if (c > 0) {
        const e = Math.exp(-c);
        ll += w * (c + Math.log1p(e));
        s = 1 / (1 + e);
      } else {
        const e = Math.exp(c);
        ll += w * Math.log1p(e);
        s = e / (1 + e);
      }
      const ws = w * s;
      gR += ws * (lT - lt);
      gAlpha += ws * rx * (1 / aT - 1 / at);
      gA += ws / a;
      gB -= ws / (b + x - 1);
    }
  }
  sums.set([ll, gR, gAlpha, gA, gB]);
}

export interface BgNbdFitOptions {
  /** Starting values; default r = 1, α = mean T / mean (x + 1), a = 1, b = 1. */
  start?: BgNbdParams;
  /** Default 200 BFGS iterations. */
  maxIterations?: number;
}

export function fitBgNbd(data: RfData, options: BgNbdFitOptions = {}): BgNbdFit {
  const d = compressRf(data);
  if (d.customers === 0) throw new BgNbdError("fitBgNbd: no customers to fit");
  let sumT = 0;
  let sumX = 0;
  for (let i = 0; i < d.x.length; i++) {
    sumT += d.weight[i] * d.T[i];
    sumX += d.weight[i] * (d.x[i] + 1);
  }
  const start = options.start ?? { r: 1, alpha: Math.max(1e-3, sumT / sumX), a: 1, b: 1 };
  const theta0 = [start.r, start.alpha, start.a, start.b].map(Math.log);
  // Parameters beyond e^±30 are numerically meaningless.
  const result = minimise((theta, gradient) => bgNbdObjective(theta, d, gradient), theta0, {
    wall: 30,
    maxIterations: options.maxIterations ?? 200,
  });
  const [r, alpha, a, b] = result.solution.map(Math.exp);
  if (![r, alpha, a, b].every(Number.isFinite))
    throw new BgNbdError(`fitBgNbd: the optimiser failed (${result.message})`);
  return {
    params: { r, alpha, a, b },
    log_likelihood: -result.f * d.customers,
    customers: d.customers,
    distinct_rows: d.x.length,
    iterations: result.iterations,
    message: result.message,
  };
}

/** P(still alive at T) per customer: 1 / (1 + [x>0] a/(b+x-1) ((α+T)/(α+t_x))^(r+x)). */
export function probabilityAlive(p: BgNbdParams, data: RfData): Float64Array {
  const n = data.x.length;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = aliveAt(p, data.x[i], data.tx[i], data.T[i]);
  return out;
}

function aliveAt(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const c = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return c > 0 ? Math.exp(-c) / (1 + Math.exp(-c)) : 1 / (1 + Math.exp(c));
}

export interface BgNbdPrediction {
  /** E[purchases in (T, T + t]]. */
  expected: Float64Array;
  /** P(at least one purchase in (T, T + t]) = P(alive) (1 - ((α+T)/(α+T+t))^(r+x)). */
  buying: Float64Array;
  alive: Float64Array;
}

/**
 * Conditional expectations for a horizon `t` (FHL 2005, eq. 10):
 *
 *   E[Y(t)] = (a+b+x-1)/(a-1) [1 - ((α+T)/(α+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)] P(alive),
 *   z = t / (α+T+t).
 *
 * With Euler's transformation 2F1(A, B; C; z) = (1-z)^(C-A-B) 2F1(C-A, C-B; C; z)
 * the bracket becomes 1 - (1-z)^(a-1) 2F1(a+b-1-r, a-1; a+b+x-1; z): the
 * first two parameters no longer grow with x, so for a customer with hundreds
 * of purchases the series' terms shrink from the start instead of climbing to
 * 1e300 and beyond before they turn.
 */
export function predictBgNbd(p: BgNbdParams, t: number, data: RfData): BgNbdPrediction {
  if (!(t > 0) || !Number.isFinite(t))
    throw new BgNbdError(`predictBgNbd: the horizon must be a positive number, got ${t}`);
  const n = data.x.length;
  const expected = new Float64Array(n);
  const buying = new Float64Array(n);
  const alive = new Float64Array(n);
  // a = 1 is a removable singularity of the closed form; a hair away changes nothing visible.
  const a = Math.abs(p.a - 1) < 1e-7 ? 1 + 1e-7 : p.a;
  const A = a + p.b - 1 - p.r;
  const B = a - 1;
  const integrated = new Map<string, number>();
  // The bracket depends on x and T alone, which whole-day data repeats (at ten million order lines 481,250
  // customers hold 11,789 pairs): each pair's series is summed once, for its first customer, and the others take
  // the same number (120 ms to 77 ms a call there).
  const brackets = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const x = data.x[i];
    const T = data.T[i];
    const pa = aliveAt(p, x, data.tx[i], T);
    const ln1z = Math.log(p.alpha + T) - Math.log(p.alpha + T + t);
    const z = -Math.expm1(ln1z);
    const C = a + p.b + x - 1;
    alive[i] = pa;
    buying[i] = -pa * Math.expm1((p.r + x) * ln1z);
    if (C < MIN_C) {
      // a + b < 1 (seen on tiny data) puts 2F1's C at or below 0 for x = 0, where the closed
      // form is a limit: integrate over p instead, once per distinct customer.
      const key = `${x},${data.tx[i]},${T}`;
      let e = integrated.get(key);
      if (e === undefined) integrated.set(key, (e = integratedExpectation(p, t, x, data.tx[i], T)));
      expected[i] = e;
      continue;
    }
    const pair =
      Number.isInteger(x) && x >= 0 && x < 4096 && Number.isInteger(T) && T >= 0 && T < 2 ** 20 ? x * 2 ** 20 + T : -1;
    let bracket = pair < 0 ? undefined : brackets.get(pair);
    if (bracket === undefined) {
      bracket = 1 - Math.exp(B * ln1z) * hyp2f1(A, B, C, z);
      if (pair >= 0) brackets.set(pair, bracket);
    }
    expected[i] = Math.max(0, (C / (a - 1)) * bracket * pa);
  }
  return { expected, buying, alive };
}

/** Below this C the series is replaced by integration (its terms would carry 1/C). */
const MIN_C = 1e-3;

/**
 * E[Y(t) | x, t_x, T] by integrating over the posterior of p, with λ
 * integrated in closed form: a weighted mean of (1/p)(1 - ((α+T)/(α+T+pt))^(r+x))
 * over p, after p = u^(1/a), which absorbs the prior's p^(a-1). Midpoint rule;
 * numerator and denominator share the rule, so the weight's singularity at
 * p = 1 (b + x < 1) mostly cancels in the ratio.
 */
export function integratedExpectation(
  q: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
  points = 4000,
): number {
  const K = q.r + x;
  const ratio = Math.log(q.alpha + T) - Math.log(q.alpha + tx);
  let numerator = 0;
  let denominator = 0;
  for (let k = 0; k < points; k++) {
    const p = ((k + 0.5) / points) ** (1 / q.a);
    const alive = (1 - p) ** (q.b - 1 + x);
    denominator += alive + (x > 0 ? (1 - p) ** (q.b + x - 2) * p * Math.exp(K * ratio) : 0);
    // For p so small that it underflows (a near 0), the bracket / p is its limit K t / (α + T).
    const perP = p > 1e-250 ? -Math.expm1(-K * Math.log1p((p * t) / (q.alpha + T))) / p : (K * t) / (q.alpha + T);
    numerator += alive * perP;
  }
  return numerator / denominator;
}

/**
 * Gauss's series for 2F1(A, B; C; z), 0 <= z < 1, C > 0, summed until a term
 * no longer changes the sum. With A and B bounded (see above) the terms
 * shrink at least like z^k; 100,000 terms is a guard for z within 1e-4 of 1.
 */
export function hyp2f1(A: number, B: number, C: number, z: number): number {
  if (!(C > 0)) throw new BgNbdError(`hyp2f1: C must be > 0 (a + b + x - 1 > 0), got ${C}`);
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 100_000; k++) {
    term *= (((A + k) * (B + k)) / ((C + k) * (k + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) break;
  }
  return sum;
}

/** The model's inputs from the snapshot columns: x = orders - 1, t_x = tenure - recency, T = tenure (days). */
export function rfFromSnapshot(s: {
  orders: ArrayLike<number>;
  recency: ArrayLike<number>;
  tenure: ArrayLike<number>;
}): RfData & { has: Uint8Array } {
  const n = s.orders.length;
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const has = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (!(s.orders[i] > 0)) continue;
    has[i] = 1;
    x[i] = s.orders[i] - 1;
    T[i] = s.tenure[i];
    tx[i] = x[i] > 0 ? s.tenure[i] - s.recency[i] : 0;
  }
  return { x, tx, T, has };
}
