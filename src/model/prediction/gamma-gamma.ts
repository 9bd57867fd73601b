import digamma from "@stdlib/math-base-special-digamma";
import gammaln from "@stdlib/math-base-special-gammaln";
import { minimise } from "./minimise.js";

/**
 * The Gamma-Gamma spend model (Fader, Hardie and Lee 2005, "RFM and CLV"):
 * each order's value is Gamma(p, ν) around the customer's own mean p/ν, and
 * ν ~ Gamma(q, γ) across customers. A customer's expected order value given
 * x orders averaging m is then a weighted mean of the population's and their
 * own:
 *
 *   E[M | x, m] = p (γ + x m) / (p x + q - 1)   (needs p x + q > 1)
 *
 * Here x is every order the customer placed and m their mean order value
 * (the feature query's avg_order_value): the first order is not set apart,
 * as it is in the paper, because its value is not kept separately. Fitted
 * by maximum likelihood with BFGS (`minimise`, numeric's `uncmin`) on log p,
 * log q, log γ with the analytic gradient; the x-only terms once per
 * distinct x.
 */

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  log_likelihood: number;
  /** Customers fitted on: those with at least one order of positive value. */
  customers: number;
  iterations: number;
  message: string;
}

class GammaGammaError extends Error {
  override name = "GammaGammaError";
}

interface SpendData {
  /** Distinct order counts, and per customer the index of theirs. */
  xs: Float64Array;
  xIndex: Int32Array;
  xWeight: Float64Array;
  x: Float64Array;
  lnM: Float64Array;
  m: Float64Array;
}

/** Keeps the customers with x >= 1 orders and a positive mean; the rest say nothing about spend. */
function spendData(orders: ArrayLike<number>, mean: ArrayLike<number>): SpendData {
  if (orders.length !== mean.length)
    throw new GammaGammaError(
      `${orders.length} order counts for ${mean.length} mean values; expected one each per customer`,
    );
  const keep: number[] = [];
  for (let i = 0; i < orders.length; i++) if (orders[i] >= 1 && mean[i] > 0 && Number.isFinite(mean[i])) keep.push(i);
  const x = new Float64Array(keep.length);
  const m = new Float64Array(keep.length);
  for (let k = 0; k < keep.length; k++) {
    x[k] = orders[keep[k]];
    m[k] = mean[keep[k]];
  }
  const xs = Float64Array.from(new Set(x)).sort();
  const position = new Map<number, number>();
  xs.forEach((v, k) => position.set(v, k));
  const xIndex = Int32Array.from(x, (v) => position.get(v)!);
  const xWeight = new Float64Array(xs.length);
  for (const k of xIndex) xWeight[k]++;
  return { xs, xIndex, xWeight, x, m, lnM: m.map(Math.log) };
}

/**
 * Mean negative log-likelihood at θ = (ln p, ln q, ln γ), gradient into `gradient`:
 *
 *   ℓ = ln Γ(px+q) - ln Γ(px) - ln Γ(q) + q ln γ + (px-1) ln m + px ln x - (px+q) ln(γ + m x)
 */
function objective(theta: readonly number[], d: SpendData, gradient: number[]): number {
  const [p, q, g] = theta.map(Math.exp);
  // ℓ and its derivatives in ln p, ln q, ln γ before scaling: the sums of both passes, in this order.
  const sums = new Float64Array(4);
  orderCountTerms(d, p, q, g, sums);
  customerTerms(d, p, q, g, sums);
  const [ll, gp, gq, gg] = sums;
  const n = d.x.length;
  gradient[0] = (-p * gp) / n;
  gradient[1] = (-q * gq) / n;
  gradient[2] = (-g * gg) / n;
  return -ll / n;
}

// The two passes are functions of their own. In one function V8 compiled the code from within the second loop, and
// at every one of the optimiser's calls (97 in a run at ten million order lines) ran the rest in its interpreter: the
// first pass, and the lines after the loop, which its compile had not seen run. Now the first pass is compiled as a
// function, and only the store of the sums is left after the loop.

/** The terms that depend on the order count only, once per distinct count, weighted by its customers. */
function orderCountTerms(d: SpendData, p: number, q: number, g: number, sums: Float64Array): void {
  const lnG = Math.log(g);
  const psiQ = digamma(q);
  let [ll, gp, gq, gg] = sums;
  for (let j = 0; j < d.xs.length; j++) {
    const x = d.xs[j];
    const w = d.xWeight[j];
    const px = p * x;
    ll += w * (gammaln(px + q) - gammaln(px) - gammaln(q) + q * lnG + px * Math.log(x));
    const psiPXQ = digamma(px + q);
    gp += w * (x * (psiPXQ - digamma(px) + Math.log(x)));
    gq += w * (psiPXQ - psiQ + lnG);
    gg += (w * q) / g;
  }
  sums.set([ll, gp, gq, gg]);
}

/** The terms of each customer's mean order value. */
function customerTerms(d: SpendData, p: number, q: number, g: number, sums: Float64Array): void {
  let [ll, gp, gq, gg] = sums;
  for (let i = 0; i < d.x.length; i++) {
    const x = d.x[i];
    const px = p * x;
    const denominator = g + d.m[i] * x;
    const lnDen = Math.log(denominator);
    ll += (px - 1) * d.lnM[i] - (px + q) * lnDen;
    gp += x * (d.lnM[i] - lnDen);
    gq -= lnDen;
    gg -= (px + q) / denominator;
  }
  sums.set([ll, gp, gq, gg]);
}

/** `orders` and `mean` per customer; customers without orders or with nothing spent are left out of the fit. */
export function fitGammaGamma(
  orders: ArrayLike<number>,
  mean: ArrayLike<number>,
  options: { maxIterations?: number } = {},
): GammaGammaFit {
  const d = spendData(orders, mean);
  if (d.x.length === 0) throw new GammaGammaError("fitGammaGamma: no customer with an order of positive value to fit");
  // Start at p = 2, q = 3 and γ matching the mean order value: E[M] = p γ / (q - 1).
  let meanM = 0;
  for (const v of d.m) meanM += v;
  meanM /= d.m.length;
  const theta0 = [Math.log(2), Math.log(3), Math.log(meanM)];
  const result = minimise((theta, gradient) => objective(theta, d, gradient), theta0, {
    wall: 40,
    maxIterations: options.maxIterations ?? 200,
  });
  const [p, q, gamma] = result.solution.map(Math.exp);
  if (![p, q, gamma].every(Number.isFinite))
    throw new GammaGammaError(`fitGammaGamma: the optimiser failed (${result.message})`);
  return {
    params: { p, q, gamma },
    log_likelihood: -result.f * d.x.length,
    customers: d.x.length,
    iterations: result.iterations,
    message: result.message,
  };
}

/**
 * Expected order value per customer; customers without orders get the
 * population mean p γ / (q - 1). Where q <= 1 the population mean is
 * infinite and so is the answer for small x: the caller must check.
 */
export function expectedOrderValue(
  params: GammaGammaParams,
  orders: ArrayLike<number>,
  mean: ArrayLike<number>,
): Float64Array {
  const { p, q, gamma } = params;
  const out = new Float64Array(orders.length);
  const population = q > 1 ? (p * gamma) / (q - 1) : Infinity;
  for (let i = 0; i < orders.length; i++) {
    const x = orders[i];
    const m = mean[i];
    out[i] = x >= 1 && m > 0 ? (p * (gamma + x * m)) / (p * x + q - 1) : population;
  }
  return out;
}
