import { ascendingOrder } from "../ascending.js";

/**
 * Accuracy measures for the backtest. They take plain arrays or typed arrays
 * of equal length, so a million customers are scored without copying.
 */

type Numbers = ArrayLike<number>;

/** The backtest scorecard of one method (the model or a baseline). */
export interface Metrics {
  /**
   * Chance that a random buyer is ranked above a random non-buyer (0.5 = guessing); null when everyone or no one
   * bought.
   */
  auc: number | null;
  /**
   * Mean squared error of the purchase probability (0 = perfect; 0.25 = always saying 50%); null for methods
   * without a probability.
   */
  brier: number | null;
  /** Mean absolute error of sales per customer. */
  mae: number;
  /** Root mean squared error of sales per customer (weighs big misses more). */
  rmse: number;
  total_predicted: number;
  total_actual: number;
  /** (total predicted - total actual) / total actual; null when nothing was bought. */
  total_error: number | null;
}

/**
 * Area under the ROC curve by the rank-sum (Mann-Whitney) formula; tied
 * scores share their average rank, so a constant score gets exactly 0.5.
 * The customers are put in score order once, by the radix sort of
 * `ascendingOrder` (no comparator call on a million customers; 55 ms to 39 ms
 * at 420,000 against two native sorts, scores and buyers' scores), then
 * walked tie group by tie group: each group adds its buyers times its average
 * rank. Ranks are halves of whole numbers, so the sum is exact in any order.
 * A NaN score ranks nowhere: it adds nothing.
 */
export function auc(scores: Numbers, bought: ArrayLike<number | boolean>): number | null {
  const n = checkLengths(scores, bought, "auc");
  let positives = 0;
  for (let i = 0; i < n; i++) if (bought[i]) positives++;
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return null;
  const everyone = new Int32Array(n);
  for (let i = 0; i < n; i++) everyone[i] = i;
  const order = ascendingOrder(scores, everyone);
  let rankSum = 0;
  for (let start = 0; start < n;) {
    const score = scores[order[start]];
    let buyers = bought[order[start]] ? 1 : 0;
    let end = start + 1;
    for (; end < n && scores[order[end]] === score; end++) if (bought[order[end]]) buyers++;
    if (!Number.isNaN(score)) rankSum += buyers * ((start + 1 + end) / 2); // average of ranks start+1..end
    start = end;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Mean of (probability - outcome)². */
export function brier(probabilities: Numbers, bought: ArrayLike<number | boolean>): number | null {
  const n = checkLengths(probabilities, bought, "brier");
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const p = probabilities[i];
    if (!(p >= 0 && p <= 1)) throw new RangeError(`brier: probability ${i} is ${p}, expected a number from 0 to 1`);
    const d = p - (bought[i] ? 1 : 0);
    sum += d * d;
  }
  return sum / n;
}

export function mae(predicted: Numbers, actual: Numbers): number {
  const n = checkLengths(predicted, actual, "mae");
  let sum = 0;
  for (let i = 0; i < n; i++) sum += Math.abs(predicted[i] - actual[i]);
  return n === 0 ? 0 : sum / n;
}

export function rmse(predicted: Numbers, actual: Numbers): number {
  const n = checkLengths(predicted, actual, "rmse");
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (predicted[i] - actual[i]) ** 2;
  return n === 0 ? 0 : Math.sqrt(sum / n);
}

function sum(values: Numbers): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

/**
 * The errors alone: MAE and the totals. What the choice between the models reads of a backtest window (choice.ts),
 * without the AUC's sort of every customer; `scorecard` takes the same figures from here.
 */
export function errors(
  predicted: Numbers,
  actual: Numbers,
): Pick<Metrics, "mae" | "total_predicted" | "total_actual" | "total_error"> {
  checkLengths(predicted, actual, "errors");
  const totalPredicted = sum(predicted);
  const totalActual = sum(actual);
  return {
    mae: mae(predicted, actual),
    total_predicted: totalPredicted,
    total_actual: totalActual,
    total_error: totalActual > 0 ? (totalPredicted - totalActual) / totalActual : null,
  };
}

/**
 * The whole scorecard. `score` ranks customers for the AUC (the probability
 * for the model, the predicted sales for a baseline); `probability` is what
 * the Brier score judges, when the method gives one.
 */
export function scorecard(input: {
  predicted: Numbers;
  actual: Numbers;
  score?: Numbers;
  probability?: Numbers | null;
}): Metrics {
  const { predicted, actual } = input;
  checkLengths(predicted, actual, "scorecard");
  const bought = new Uint8Array(actual.length);
  for (let i = 0; i < actual.length; i++) bought[i] = actual[i] > 0 ? 1 : 0;
  const e = errors(predicted, actual);
  return {
    auc: auc(input.score ?? input.probability ?? predicted, bought),
    brier: input.probability ? brier(input.probability, bought) : null,
    mae: e.mae,
    rmse: rmse(predicted, actual),
    total_predicted: e.total_predicted,
    total_actual: e.total_actual,
    total_error: e.total_error,
  };
}

function checkLengths(a: ArrayLike<unknown>, b: ArrayLike<unknown>, what: string): number {
  if (a.length !== b.length)
    throw new RangeError(
      `${what}: ${a.length} predictions for ${b.length} outcomes; expected one prediction per outcome`,
    );
  return a.length;
}
