import { addDays } from "../../dates.js";
import type { ModelKey } from "./backtest.js";
import type { BtydModel } from "./btyd.js";
import { FEATURE_COUNT, FEATURES, designMatrix, trainingDesign, type Scaling, type Snapshot } from "./dataset.js";
import { fitLogistic, probabilities, type LogisticFit, type LogisticOptions } from "./logistic.js";
import { expectedSpend, fitSpend, type SpendModel } from "./spend.js";

/**
 * The customer sales model: expected sales in the next `horizon_days` =
 * P(the customer buys) x expected spend when they buy. It is plain JSON,
 * saved as models/prediction.json, and everything needed to apply it to a
 * customer's order history travels with it.
 */

export const MODEL_NAME = "customer-sales-prediction";
export const MODEL_VERSION = 1;

export interface PredictionModel {
  name: typeof MODEL_NAME;
  version: typeof MODEL_VERSION;
  horizon_days: number;
  /** The last day of data the live predictions start from. */
  as_of: string;
  description: string;
  features: { name: string; definition: string }[];
  /** z = (raw - mean) / sd per feature, from the training customers who had ordered. */
  scaling: Scaling;
  /** Logit of buying in the horizon = intercept + Σ weight · z. */
  coefficients: { intercept: number; weights: Record<string, number> };
  spend: SpendModel & { method: string };
  training_window: {
    /** Features come from orders up to and including this day… */
    features_as_of: string;
    /** …and the outcome is what each customer bought in [outcome_from, outcome_to]. */
    outcome_from: string;
    outcome_to: string;
    customers: number;
    buyers: number;
  };
  solver: LogisticFit["solver"];
  /** How the same method did on the last window it never saw (filled in by the analysis). */
  backtest: unknown;
  /**
   * Issue 16, both optional so that models saved before them still load:
   * BG/NBD + Gamma-Gamma fitted at as_of (null when it could not be fitted),
   * which predicts any horizon, and the model the backtest chose to answer
   * for horizon_days (absent: the classifier).
   */
  btyd?: BtydModel | null;
  chosen?: ModelKey;
}

export interface Scores {
  probability: Float64Array;
  /** Spend when buying. */
  spend: Float64Array;
  /** probability x spend. */
  expected: Float64Array;
}

const SPEND_METHOD =
  "order value = (sales + k x population order value) / (orders + k); orders when buying = m / (1 - e^-m) with m = past orders per day x horizon (1 without history)";

/**
 * Fits the model on one window: features at `features.asOf`, outcome = sales
 * in the `horizon` days after it (the `recent` sales of `outcome`, a snapshot
 * taken `horizon` days later with the same window length). Nothing after
 * `features.asOf` enters the features.
 */
export function trainModel(
  features: Snapshot,
  outcome: Snapshot,
  options: { logistic?: LogisticOptions; asOf?: string } = {},
): PredictionModel {
  const horizon = outcome.recentDays;
  if (features.recentDays !== horizon)
    throw new Error(
      `trainModel: features use a ${features.recentDays}-day window, the outcome ${horizon} days; expected the same`,
    );
  if (addDays(features.asOf, horizon) !== outcome.asOf) {
    throw new Error(
      `trainModel: the outcome snapshot (${outcome.asOf}) must be ${horizon} days after the features (${features.asOf})`,
    );
  }
  const n = features.ids.length;
  if (n === 0) throw new Error("trainModel: no customers to learn from");
  const { scaling, x } = trainingDesign(features);
  const bought = new Uint8Array(n);
  let buyers = 0;
  for (let i = 0; i < n; i++) buyers += bought[i] = outcome.recent[i] > 0 ? 1 : 0;
  const fit = fitLogistic(x, FEATURE_COUNT, bought, options.logistic);
  const spend = fitSpend(features, outcome.recent, horizon);
  return {
    name: MODEL_NAME,
    version: MODEL_VERSION,
    horizon_days: horizon,
    as_of: options.asOf ?? outcome.asOf,
    description: `Expected sales in the next ${horizon} days = probability of buying (logistic regression on recency, frequency, monetary value, tenure and trend) x expected spend when buying (order value shrunk toward the population's, times expected orders).`,
    features: FEATURES.map((f) => ({ ...f })),
    scaling,
    coefficients: {
      intercept: fit.intercept,
      weights: Object.fromEntries(FEATURES.map((f, j) => [f.name, fit.weights[j]])),
    },
    spend: {
      population_order_value: spend.population_order_value,
      prior_orders: spend.prior_orders,
      horizon_days: horizon,
      method: SPEND_METHOD,
    },
    training_window: {
      features_as_of: features.asOf,
      outcome_from: addDays(features.asOf, 1),
      outcome_to: outcome.asOf,
      customers: n,
      buyers,
    },
    solver: fit.solver,
    backtest: null,
  };
}

/** Scores every customer of a snapshot: typed arrays in, typed arrays out. */
export function scoreSnapshot(model: PredictionModel, s: Snapshot): Scores {
  if (s.recentDays !== model.horizon_days) {
    throw new Error(
      `scoreSnapshot: the features use a ${s.recentDays}-day window but the model predicts ${model.horizon_days} days; expected the same`,
    );
  }
  const x = designMatrix(s, model.scaling);
  const probability = probabilities(linear(model), x, FEATURE_COUNT);
  const n = s.ids.length;
  const spend = new Float64Array(n);
  const expected = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    spend[i] = expectedSpend(model.spend, s, i);
    expected[i] = probability[i] * spend[i];
  }
  return { probability, spend, expected };
}

/** The coefficients as an intercept and a weight vector in feature order. */
function linear(model: PredictionModel): { intercept: number; weights: number[] } {
  return { intercept: model.coefficients.intercept, weights: FEATURES.map((f) => model.coefficients.weights[f.name]) };
}

/** The chance the model gives a customer without any order yet (every other feature at its average). */
export function noHistoryProbability(model: PredictionModel): number {
  return 1 / (1 + Math.exp(-(model.coefficients.intercept + model.coefficients.weights.no_history)));
}
