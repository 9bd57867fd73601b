import { money, percent } from "../../analyse/format.js";
import { ascendingOrder } from "../ascending.js";
import type { CandidateKey, ModelKey } from "./backtest.js";

/**
 * Which model answers: the one with the lower mean absolute error per
 * customer over every backtest window (rolling origin), so one lucky window
 * does not decide. Ties, and a BG/NBD that could not be fitted on some
 * window, keep the classifier (the model the product had first).
 */

/** One backtest window's errors per candidate (null: the candidate could not be fitted). */
export interface OriginFigures {
  cutoff: string;
  window: { from: string; to: string; days: number };
  customers_scored: number;
  buyers: number;
  mae: Record<CandidateKey, number | null>;
  total_error: Record<CandidateKey, number | null>;
}

export interface Choice {
  chosen: ModelKey;
  /** How it was chosen, in words. */
  by: string;
  /** Backtest windows the choice rests on. */
  windows: number;
  /** Mean MAE per customer over the windows, per candidate. */
  mean_mae: Record<CandidateKey, number | null>;
  /** The other model, when it could be judged. */
  runner_up: ModelKey | null;
  /** 1 - chosen / runner-up mean MAE: the share of the other model's error the chosen one avoids. */
  margin: number | null;
  /** Windows on which the chosen model had the lower MAE of the two. */
  wins: number;
  /** The choice in plain words. */
  note: string;
}

const LABELS: Record<ModelKey, string> = {
  classifier: "chance x spend (logistic regression)",
  bgnbd: "BG/NBD + Gamma-Gamma",
};

export function chooseModel(origins: readonly OriginFigures[]): Choice {
  const keys: CandidateKey[] = ["classifier", "bgnbd", "last_window", "average_window"];
  const mean = (k: CandidateKey): number | null => {
    if (origins.length === 0 || origins.some((o) => o.mae[k] === null)) return null;
    return origins.reduce((s, o) => s + o.mae[k]!, 0) / origins.length;
  };
  const mean_mae = Object.fromEntries(keys.map((k) => [k, mean(k)])) as Record<CandidateKey, number | null>;
  const c = mean_mae.classifier;
  const g = mean_mae.bgnbd;
  const chosen: ModelKey = g !== null && c !== null && g < c ? "bgnbd" : "classifier";
  const runner_up: ModelKey | null = g === null ? null : chosen === "bgnbd" ? "classifier" : "bgnbd";
  const mine = mean_mae[chosen];
  const other = runner_up === null ? null : mean_mae[runner_up];
  const margin = mine !== null && other !== null && other > 0 ? 1 - mine / other : null;
  const wins = runner_up === null ? origins.length : origins.filter((o) => o.mae[chosen]! <= o.mae[runner_up]!).length;
  const windows = origins.length;
  const over =
    windows === 1 ? "on the one backtest window the history allows" : `averaged over ${windows} backtest windows`;
  const note =
    runner_up === null || mine === null || other === null
      ? `The ${LABELS.classifier} model answers: BG/NBD + Gamma-Gamma could not be fitted on every backtest window.`
      : `The ${LABELS[chosen]} model answers: ${over} it missed by ${money(mine)} per customer against ${money(other)} for ${LABELS[runner_up]} ` +
        `(${percent(Math.abs(margin ?? 0))} ${margin !== null && margin >= 0 ? "less" : "more"} error)` +
        (windows > 1 ? `, and had the lower error on ${wins} of the ${windows} windows.` : ".");
  return {
    chosen,
    by: "lowest mean absolute error per customer over the backtest windows",
    windows,
    mean_mae,
    runner_up,
    margin,
    wins,
    note,
  };
}

export interface CalibrationDecile {
  /** 1 = the customers with the lowest predictions. */
  group: number;
  customers: number;
  /** Mean predicted and actual sales per customer in the group. */
  predicted: number;
  actual: number;
}

/**
 * Customers who had ordered by the cutoff, sorted by predicted sales and cut
 * into ten groups of (nearly) equal size, five under 500 customers: the mean
 * prediction against the mean outcome in each.
 */
export function calibrationDeciles(
  predicted: ArrayLike<number>,
  actual: ArrayLike<number>,
  orders: ArrayLike<number>,
): CalibrationDecile[] {
  const ordered: number[] = [];
  for (let i = 0; i < predicted.length; i++) if (orders[i] > 0) ordered.push(i);
  // By prediction, ties by customer: the order of (a, b) => predicted[a] - predicted[b] || a - b.
  const idx = ascendingOrder(predicted, ordered);
  const groups = idx.length < 500 ? 5 : 10;
  const out: CalibrationDecile[] = [];
  for (let g = 0; g < groups; g++) {
    const from = Math.floor((g * idx.length) / groups);
    const to = Math.floor(((g + 1) * idx.length) / groups);
    if (to <= from) continue;
    let p = 0;
    let a = 0;
    for (let k = from; k < to; k++) {
      p += predicted[idx[k]];
      a += actual[idx[k]];
    }
    out.push({ group: g + 1, customers: to - from, predicted: p / (to - from), actual: a / (to - from) });
  }
  return out;
}
