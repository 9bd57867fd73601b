import { addDays } from "../../dates.js";
import { averageWindow, lastWindow } from "./baselines.js";
import { checkAligned, type Snapshot } from "./dataset.js";
import type { LogisticOptions } from "./logistic.js";
import { scorecard, type Metrics } from "./metrics.js";
import { scoreSnapshot, trainModel, type PredictionModel, type Scores } from "./model.js";
import { customerVerdict, type Trust } from "./verdict.js";

/**
 * The temporal backtest: the model is fitted exactly as it is for the live
 * prediction, but one horizon earlier, and judged on the window it never saw.
 *
 *   features at c - h, outcome in (c - h, c]  → fit
 *   features at c                             → predict (c, c + h]
 *   sales in (c, c + h]                       → compare, with the baselines
 *
 * Nothing on or after c + 1 enters the fit or the features.
 *
 * The comparison covers the customers who had ordered by the cutoff: the
 * ones whose history can say something. First orders of customers unknown at
 * the cutoff are reported beside it (how much of the window they made), since
 * neither the model nor a baseline can foresee them one customer at a time.
 */

export interface BacktestFigures {
  /** The last day of data the backtest predictions were made with. */
  cutoff: string;
  /** The window predicted and compared with what happened. */
  window: { from: string; to: string; days: number };
  training_window: { features_as_of: string; outcome_from: string; outcome_to: string };
  /** Customers compared: those who had ordered by the cutoff. */
  customers_scored: number;
  /** The same, named for the verdict. */
  customers_with_history: number;
  /** Customers compared who bought in the window. */
  buyers: number;
  /** Customers with no order by the cutoff who bought in the window, and their sales (not in the comparison). */
  first_time_buyers: { customers: number; sales: number };
  model: Metrics;
  baselines: { last_window: Metrics; average_window: Metrics };
  /** The baseline with the lower MAE. */
  best_baseline: "last_window" | "average_window";
  /** 1 - model MAE / best baseline MAE: the share of the simple rule's error the model removes. */
  mae_improvement: number | null;
  trust: Trust;
  /** In plain words. */
  verdict: string;
}

export interface Backtest {
  figures: BacktestFigures;
  /** The model fitted one horizon back (its coefficients, for the record). */
  model: PredictionModel;
  /** Per-customer predictions at the cutoff and what happened, for the charts. */
  scores: Scores;
  actual: Float64Array;
  at: Snapshot;
}

export const BASELINE_LABELS = {
  last_window: "Same as the last window",
  average_window: "Average per window",
} as const;

/** `before`, `at` and `after` are snapshots at c - h, c and c + h, with h-day windows. */
export function runBacktest(before: Snapshot, at: Snapshot, after: Snapshot, options: { logistic?: LogisticOptions } = {}): Backtest {
  const h = at.recentDays;
  checkAligned(before, at);
  checkAligned(at, after);
  if (addDays(at.asOf, h) !== after.asOf) throw new Error(`runBacktest: the outcome snapshot (${after.asOf}) must be ${h} days after the cutoff (${at.asOf})`);

  const model = trainModel(before, at, { logistic: options.logistic, asOf: at.asOf });
  const scores = scoreSnapshot(model, at);
  const actual = after.recent;
  const last = lastWindow(at);
  const average = averageWindow(at);

  const compared: number[] = [];
  const firstTime = { customers: 0, sales: 0 };
  let buyers = 0;
  for (let i = 0; i < at.ids.length; i++) {
    if (at.orders[i] > 0) {
      compared.push(i);
      if (actual[i] > 0) buyers++;
    } else if (actual[i] > 0) {
      firstTime.customers++;
      firstTime.sales += actual[i];
    }
  }
  const pick = (values: Float64Array) => Float64Array.from(compared, (i) => values[i]);
  const outcome = pick(actual);
  const modelCard = scorecard({ predicted: pick(scores.expected), actual: outcome, probability: pick(scores.probability) });
  const baselines = {
    last_window: scorecard({ predicted: pick(last.predicted), actual: outcome, probability: pick(last.probability) }),
    average_window: scorecard({ predicted: pick(average.predicted), actual: outcome, probability: pick(average.probability) }),
  };
  const best = baselines.last_window.mae <= baselines.average_window.mae ? "last_window" : "average_window";
  const bestMae = baselines[best].mae;

  const core = {
    cutoff: at.asOf,
    window: { from: addDays(at.asOf, 1), to: after.asOf, days: h },
    training_window: { features_as_of: before.asOf, outcome_from: addDays(before.asOf, 1), outcome_to: at.asOf },
    customers_scored: compared.length,
    customers_with_history: compared.length,
    buyers,
    first_time_buyers: firstTime,
    model: modelCard,
    baselines,
    best_baseline: best,
    mae_improvement: bestMae > 0 ? 1 - modelCard.mae / bestMae : null,
  } as const;
  const { trust, verdict } = customerVerdict(core);
  return { figures: { ...core, trust, verdict }, model, scores, actual, at };
}
