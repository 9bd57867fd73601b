import { fitBgNbd, predictBgNbd, rfFromSnapshot, type BgNbdParams } from "./bgnbd.js";
import type { Snapshot } from "./dataset.js";
import { sampleIndices } from "../sample.js";
import { gather } from "../gather.js";
import { expectedOrderValue, fitGammaGamma, type GammaGammaParams } from "./gamma-gamma.js";
import type { Scores } from "./model.js";

/**
 * The probabilistic ("buy till you die") model on a snapshot: BG/NBD for how
 * many orders each customer places in any horizon, Gamma-Gamma for what each
 * order is worth. Expected sales = E[orders in the horizon] x E[order value].
 * It learns from the history up to the snapshot's cutoff alone (no outcome
 * window), so it can be fitted at the cutoff itself and asked about any
 * number of days.
 *
 * Customers who have not ordered yet are outside the model: it predicts 0
 * for them (the classifier gives them the chance of a first order instead).
 */

export interface BtydModel {
  method: "bgnbd-gamma-gamma";
  /** Time unit of α: days. */
  time_unit: "days";
  bgnbd: BgNbdParams;
  gamma_gamma: GammaGammaParams;
  /** What the fits saw and how they ended. */
  fit: {
    /** Customers the fits saw: all who had ordered, or a seeded sample of them (see BTYD_FIT_SAMPLE). */
    customers: number;
    /** Customers who had ordered, when the fits saw a sample of them. */
    sampled_from?: number;
    distinct_rows: number;
    bgnbd_log_likelihood: number;
    bgnbd_iterations: number;
    gamma_gamma_customers: number;
    gamma_gamma_iterations: number;
  };
}

export const BTYD_DESCRIPTION =
  "Expected sales in any horizon = expected orders (BG/NBD: Poisson buying at a gamma-distributed rate, dropping out after an order with a beta-distributed probability) x expected order value (Gamma-Gamma: the customer's mean order value pulled toward the population's).";

/**
 * Customers the two fits see at most. Seven parameters of a population are
 * settled long before this many customers (at 100,000 the estimates move by
 * well under their own noise from one seed to another), while each optimiser
 * step costs a pass over every row: at 10M order lines, four fits over 370,000
 * customers took about 7 s of CPU. Every customer is still scored.
 */
const BTYD_FIT_SAMPLE = 100_000;
const BTYD_SAMPLE_SEED = 11;

/** Fits both parts on the customers of `s` who have ordered: a seeded sample above BTYD_FIT_SAMPLE. */
export function trainBtyd(s: Snapshot, options: { maxCustomers?: number } = {}): BtydModel {
  const rf = rfFromSnapshot(s);
  const ordered: number[] = [];
  for (let i = 0; i < rf.has.length; i++) if (rf.has[i]) ordered.push(i);
  const limit = options.maxCustomers ?? BTYD_FIT_SAMPLE;
  const keep =
    ordered.length > limit ? sampleIndices(ordered.length, limit, BTYD_SAMPLE_SEED).map((k) => ordered[k]) : ordered;
  const pick = (v: ArrayLike<number>) => gather(v, keep);
  const bg = fitBgNbd({ x: pick(rf.x), tx: pick(rf.tx), T: pick(rf.T) });
  const gg = fitGammaGamma(pick(s.orders), pick(s.orderValue));
  return {
    method: "bgnbd-gamma-gamma",
    time_unit: "days",
    bgnbd: bg.params,
    gamma_gamma: gg.params,
    fit: {
      customers: bg.customers,
      ...(keep.length < ordered.length ? { sampled_from: ordered.length } : {}),
      distinct_rows: bg.distinct_rows,
      bgnbd_log_likelihood: bg.log_likelihood,
      bgnbd_iterations: bg.iterations,
      gamma_gamma_customers: gg.customers,
      gamma_gamma_iterations: gg.iterations,
    },
  };
}

export interface BtydScores extends Scores {
  /** Expected orders in the horizon. */
  orders: Float64Array;
  /** P(still a customer at the cutoff). */
  alive: Float64Array;
}

/**
 * Scores every customer of `s` for the next `horizonDays`: `probability` is
 * the chance of at least one order, `spend` the sales when buying
 * (expected / probability), `expected` the expected sales.
 */
export function scoreBtyd(
  model: BtydModel,
  s: Pick<Snapshot, "orders" | "recency" | "tenure" | "orderValue">,
  horizonDays: number,
): BtydScores {
  const rf = rfFromSnapshot(s);
  const bg = predictBgNbd(model.bgnbd, horizonDays, rf);
  const value = expectedOrderValue(model.gamma_gamma, s.orders, s.orderValue);
  const n = s.orders.length;
  const probability = new Float64Array(n);
  const spend = new Float64Array(n);
  const expected = new Float64Array(n);
  const orders = new Float64Array(n);
  const alive = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!rf.has[i]) {
      spend[i] = Number.isFinite(value[i]) ? value[i] : 0;
      continue;
    }
    orders[i] = bg.expected[i];
    alive[i] = bg.alive[i];
    probability[i] = Math.min(1, Math.max(0, bg.buying[i]));
    expected[i] = bg.expected[i] * value[i];
    // Sales when buying: E[sales] / P(buying); one order's value where the chance is nil.
    spend[i] = probability[i] > 1e-12 ? expected[i] / probability[i] : value[i];
  }
  return { probability, spend, expected, orders, alive };
}

/** Checks the parameters of a saved model; returns the name of the first bad one, or null. */
export function badBtydField(m: unknown): string | null {
  const b = m as Partial<BtydModel> | null;
  if (b === null || typeof b !== "object") return "";
  const positive = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x > 0;
  for (const k of ["r", "alpha", "a", "b"] as const) if (!positive(b.bgnbd?.[k])) return `bgnbd.${k}`;
  for (const k of ["p", "q", "gamma"] as const) if (!positive(b.gamma_gamma?.[k])) return `gamma_gamma.${k}`;
  return null;
}
