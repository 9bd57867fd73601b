import { gradientAscent } from "./gradient-ascent.js";
import { seededRandom } from "../sample.js";

/**
 * The purchase-probability model: a logistic regression fitted by batch
 * gradient ascent with a fixed step (`gradient-ascent.ts`, the steps of
 * ml-logistic-regression 2.0 on typed arrays), then applied with plain
 * typed-array dot products (a million customers score in a few milliseconds).
 *
 * Two things make that fast and reliable at any size:
 * - the rows are a seeded random sample (at most `maxRows`): seven
 *   coefficients need tens of thousands of rows, not millions;
 * - the features are centred and decorrelated (whitened) before training, so
 *   every direction converges at about the same speed, and the step is set
 *   from the sample size and the buying rate. The coefficients are mapped
 *   back to the features as given.
 *
 * The whitening adds a ridge (2% of the average variance) to the covariance:
 * directions in which the features barely vary (near-duplicates, common on
 * small data: with one order each, recency equals tenure) stay slow, so the
 * fixed number of steps keeps their weights small instead of blowing them up
 * to fit noise. That is early stopping acting as regularisation, on purpose.
 */

export interface LogisticFit {
  intercept: number;
  /** One per feature column, on the features as given (already scaled by the caller). */
  weights: number[];
  solver: {
    /**
     * The trainer: "batch-gradient-ascent" (`gradient-ascent.ts`); models
     * saved before it say "ml-logistic-regression", whose steps it repeats.
     */
    library: "batch-gradient-ascent" | "ml-logistic-regression";
    steps: number;
    learning_rate: number;
    rows: number;
    /** Rows the fit used: all of them, or a seeded sample. */
    sampled_rows: number;
    seed: number;
    /** Largest mean gradient of the log-likelihood at the end; near 0 means converged. */
    max_gradient: number;
    converged: boolean;
  };
}

export interface LogisticOptions {
  /** Default 50,000. */
  maxRows?: number;
  /** Gradient steps; default 100 (whitened features converge in a few dozen). */
  steps?: number;
  /** Seed of the row sample; default 1. */
  seed?: number;
}

const LOGISTIC_DEFAULTS = { maxRows: 50_000, steps: 100, seed: 1 } as const;

/** Ridge added to the covariance before whitening, as a share of the average variance. */
const RIDGE = 0.02;

/** Tolerance on the mean gradient for `converged`. */
const GRADIENT_TOLERANCE = 1e-3;

/**
 * Fits P(y = 1 | x) = sigmoid(intercept + weights · x). `x` is row-major,
 * `rows` x `d`; `y` holds 0/1.
 */
export function fitLogistic(x: Float64Array, d: number, y: Uint8Array, options: LogisticOptions = {}): LogisticFit {
  const n = y.length;
  if (x.length !== n * d)
    throw new RangeError(`fitLogistic: ${x.length} feature values for ${n} rows of ${d}; expected ${n * d}`);
  if (n === 0) throw new RangeError("fitLogistic: no training rows");
  const { maxRows, steps, seed } = { ...LOGISTIC_DEFAULTS, ...options };
  const rows = sampleRows(n, maxRows, seed);
  const m = rows.length;

  // Constant features carry no information and would make the covariance
  // singular: they are left out and get weight 0.
  const mean = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) mean[j] += x[r * d + j] / m;
  const variance = new Float64Array(d);
  for (const r of rows) for (let j = 0; j < d; j++) variance[j] += (x[r * d + j] - mean[j]) ** 2 / m;
  const active = [...mean.keys()].filter((j) => variance[j] > 1e-12 * (1 + mean[j] ** 2));
  const k = active.length;

  // Centre and whiten the sample: u = L⁻¹ (x - μ) with L Lᵀ = covariance.
  const cov = new Float64Array(k * k);
  for (const r of rows) {
    for (let a = 0; a < k; a++) {
      const da = x[r * d + active[a]] - mean[active[a]];
      for (let b = 0; b <= a; b++) cov[a * k + b] += (da * (x[r * d + active[b]] - mean[active[b]])) / m;
    }
  }
  const L = cholesky(cov, k, RIDGE);

  let positives = 0;
  const c = k + 1;
  const design = new Float64Array(m * c);
  const target = new Float64Array(m);
  const centred = new Float64Array(k);
  const u = new Float64Array(k);
  rows.forEach((r, i) => {
    for (let a = 0; a < k; a++) centred[a] = x[r * d + active[a]] - mean[active[a]];
    forwardSolve(L, k, centred, u);
    design[i * c] = 1;
    design.set(u, i * c + 1);
    target[i] = y[r] ? 1 : 0;
    positives += target[i];
  });

  // With whitened columns the Hessian is about m·p(1-p)·I, so this step is
  // close to a Newton step; the floor keeps it below the stability limit 8/m.
  const rate = positives / m;
  const learningRate = 1 / (m * Math.max(rate * (1 - rate), 0.15));
  const w = Array.from(gradientAscent(design, c, target, steps, learningRate));

  // Back to the given features: logit = b + w_u·L⁻¹(x - μ) = b - w_x·μ + w_x·x with Lᵀ w_x = w_u.
  const activeWeights = backSolve(L, k, w.slice(1));
  const weights = new Float64Array(d);
  let intercept = w[0];
  active.forEach((j, a) => {
    weights[j] = activeWeights[a];
    intercept -= activeWeights[a] * mean[j];
  });

  const maxGradient = gradientNorm(design, c, target, w);
  return {
    intercept,
    weights: Array.from(weights),
    solver: {
      library: "batch-gradient-ascent",
      steps,
      learning_rate: learningRate,
      rows: n,
      sampled_rows: m,
      seed,
      max_gradient: maxGradient,
      converged: maxGradient < GRADIENT_TOLERANCE,
    },
  };
}

/** sigmoid(intercept + weights · x) for every row of `x`, into `out`. */
export function probabilities(
  fit: Pick<LogisticFit, "intercept" | "weights">,
  x: Float64Array,
  d: number,
  out = new Float64Array(x.length / d),
): Float64Array {
  const w = fit.weights;
  if (w.length !== d)
    throw new RangeError(`probabilities: the model has ${w.length} weights, the rows have ${d} features`);
  for (let i = 0, o = 0; o < out.length; o++, i += d) {
    let z = fit.intercept;
    for (let j = 0; j < d; j++) z += w[j] * x[i + j];
    out[o] = 1 / (1 + Math.exp(-z));
  }
  return out;
}

/** All row indices, or a seeded sample of `max` of them (partial Fisher-Yates), in ascending order. */
export function sampleRows(n: number, max: number, seed: number): Uint32Array {
  const all = new Uint32Array(n);
  for (let i = 0; i < n; i++) all[i] = i;
  if (n <= max) return all;
  const random = seededRandom(seed);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (n - i));
    const t = all[i];
    all[i] = all[j];
    all[j] = t;
  }
  return all.slice(0, max).sort();
}

/** Lower-triangular L with L Lᵀ = A + ridge · (average variance) · I. */
function cholesky(a: Float64Array, d: number, share: number): Float64Array {
  let trace = 0;
  for (let j = 0; j < d; j++) trace += a[j * d + j];
  const ridge = share * (trace / Math.max(d, 1)) + 1e-12;
  const L = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k <= j; k++) {
      let s = a[j * d + k] + (j === k ? ridge : 0);
      for (let p = 0; p < k; p++) s -= L[j * d + p] * L[k * d + p];
      L[j * d + k] = j === k ? Math.sqrt(Math.max(s, ridge)) : s / L[k * d + k];
    }
  }
  return L;
}

/** Solves L u = v. */
function forwardSolve(L: Float64Array, d: number, v: Float64Array, u: Float64Array): void {
  for (let j = 0; j < d; j++) {
    let s = v[j];
    for (let k = 0; k < j; k++) s -= L[j * d + k] * u[k];
    u[j] = s / L[j * d + j];
  }
}

/** Solves Lᵀ w = v. */
function backSolve(L: Float64Array, d: number, v: number[]): Float64Array {
  const w = new Float64Array(d);
  for (let j = d - 1; j >= 0; j--) {
    let s = v[j];
    for (let k = j + 1; k < d; k++) s -= L[k * d + j] * w[k];
    w[j] = s / L[j * d + j];
  }
  return w;
}

/** max_j |mean_i (y_i - p_i) u_ij|, the convergence check. */
function gradientNorm(design: Float64Array, c: number, target: Float64Array, w: number[]): number {
  const m = target.length;
  const g = new Float64Array(c);
  for (let i = 0; i < m; i++) {
    let z = 0;
    for (let j = 0; j < c; j++) z += w[j] * design[i * c + j];
    const err = target[i] - 1 / (1 + Math.exp(-z));
    for (let j = 0; j < c; j++) g[j] += (err * design[i * c + j]) / m;
  }
  return Math.max(...g.map(Math.abs));
}
