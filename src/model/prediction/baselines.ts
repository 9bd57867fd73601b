import type { Snapshot } from "./dataset.js";

/**
 * The simple rules the model must beat, from the same snapshot the model
 * scores (so they know exactly as much):
 *
 *   last window: each customer buys again what they bought in the last
 *     window of the same length;
 *   average window: each customer buys their average per window of that
 *     length since the data begins.
 *
 * Each also gives a purchase probability for the Brier score: 1 or 0 for the
 * last window; for the average, the chance of at least one order at the
 * customer's average order rate (Poisson), 1 - e^-(orders per window).
 */
export interface Baseline {
  predicted: Float64Array;
  probability: Float64Array;
}

export function lastWindow(s: Snapshot): Baseline {
  const n = s.ids.length;
  const predicted = Float64Array.from(s.recent);
  const probability = new Float64Array(n);
  for (let i = 0; i < n; i++) probability[i] = s.recent[i] > 0 ? 1 : 0;
  return { predicted, probability };
}

export function averageWindow(s: Snapshot): Baseline {
  const n = s.ids.length;
  const windows = historyDays(s) / s.recentDays;
  const predicted = new Float64Array(n);
  const probability = new Float64Array(n);
  if (windows > 0) {
    for (let i = 0; i < n; i++) {
      predicted[i] = s.sales[i] / windows;
      probability[i] = -Math.expm1(-s.orders[i] / windows);
    }
  }
  return { predicted, probability };
}

/** Days from the first order in the snapshot to its cutoff, both included (0 without orders). */
export function historyDays(s: Snapshot): number {
  let longest = -1;
  for (let i = 0; i < s.ids.length; i++) if (s.tenure[i] > longest) longest = s.tenure[i];
  return longest + 1;
}
