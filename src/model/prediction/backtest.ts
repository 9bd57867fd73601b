import { addDays } from "../../dates.js";
import { gather } from "../gather.js";
import { averageWindow, lastWindow, type Baseline } from "./baselines.js";
import { scoreBtyd, trainBtyd, type BtydModel } from "./btyd.js";
import { calibrationDeciles, chooseModel, type CalibrationDecile, type Choice, type OriginFigures } from "./choice.js";
import { checkAligned, type Snapshot } from "./dataset.js";
import type { LogisticOptions } from "./logistic.js";
import { errors, scorecard, type Metrics } from "./metrics.js";
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
 *
 * Two models are candidates (issue 16): the classifier x spend model and
 * BG/NBD + Gamma-Gamma (btyd.ts), judged beside the two baselines on the same
 * customers and window. With more than one cutoff (rolling origin, see
 * choice.ts) the model with the lower mean MAE over all of them is chosen,
 * and `model` holds the chosen one's scorecard on the latest window.
 */

/** The models that can answer. */
export type ModelKey = "classifier" | "bgnbd";
/** Everything judged in the backtest. */
export type CandidateKey = ModelKey | "last_window" | "average_window";

export const MODEL_LABELS: Record<ModelKey, string> = {
  classifier: "Chance x spend (logistic regression)",
  bgnbd: "BG/NBD + Gamma-Gamma",
};

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
  /** The chosen model's scorecard (see `chosen`). */
  model: Metrics;
  baselines: { last_window: Metrics; average_window: Metrics };
  /** Every candidate's scorecard on this window; bgnbd is null when it could not be fitted. */
  candidates: { classifier: Metrics; bgnbd: Metrics | null; last_window: Metrics; average_window: Metrics };
  /** The model that answers: the lower mean MAE over the backtest windows. */
  chosen: ModelKey;
  choice: Choice;
  /** Each backtest window, oldest first; the last is this one. */
  rolling: OriginFigures[];
  /**
   * The chosen model's expected sales against actual, customers in ten equal groups by prediction (five under
   * 500 customers).
   */
  calibration: CalibrationDecile[];
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
  /** The chosen model's per-customer predictions at the cutoff and what happened, for the charts. */
  scores: Scores;
  candidateScores: { classifier: Scores; bgnbd: Scores | null };
  /** BG/NBD + Gamma-Gamma fitted at the cutoff, null when it could not be fitted. */
  btyd: BtydModel | null;
  /** Why BG/NBD could not be fitted. */
  btydError: string | null;
  actual: Float64Array;
  at: Snapshot;
}

export const BASELINE_LABELS = {
  last_window: "Same as the last window",
  average_window: "Average per window",
} as const;

/** `before`, `at` and `after` are snapshots at c - h, c and c + h, with h-day windows. */
export function runBacktest(
  before: Snapshot,
  at: Snapshot,
  after: Snapshot,
  options: { logistic?: LogisticOptions } = {},
): Backtest {
  const { backtest, origin } = backtestWindow(before, at, after, options);
  return withChoice(backtest, [origin]);
}

/** One window's fits, and every candidate's predictions beside what happened, for the customers it compares. */
interface WindowRun {
  at: Snapshot;
  after: Snapshot;
  model: PredictionModel;
  scores: Scores;
  btyd: BtydModel | null;
  btydError: string | null;
  btydScores: Scores | null;
  last: Baseline;
  average: Baseline;
  /** The customers compared: those who had ordered by the cutoff. */
  compared: number[];
  buyers: number;
  firstTime: { customers: number; sales: number };
  actual: Float64Array;
  /** `actual` of the customers compared. */
  outcome: Float64Array;
}

function runWindow(
  before: Snapshot,
  at: Snapshot,
  after: Snapshot,
  options: { logistic?: LogisticOptions },
): WindowRun {
  const h = at.recentDays;
  checkAligned(before, at);
  checkAligned(at, after);
  if (addDays(at.asOf, h) !== after.asOf)
    throw new Error(
      `runBacktest: the outcome snapshot (${after.asOf}) must be ${h} days after the cutoff (${at.asOf})`,
    );

  const model = trainModel(before, at, { logistic: options.logistic, asOf: at.asOf });
  const scores = scoreSnapshot(model, at);
  let btyd: BtydModel | null = null;
  let btydError: string | null = null;
  let btydScores: Scores | null = null;
  try {
    btyd = trainBtyd(at);
    btydScores = scoreBtyd(btyd, at, h);
    if (!btydScores.expected.every(Number.isFinite))
      throw new Error("BG/NBD + Gamma-Gamma gave a non-finite prediction");
  } catch (error) {
    btydScores = null;
    btydError = (error as Error).message;
  }
  const actual = after.recent;

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
  const outcome = gather(actual, compared);
  return {
    at,
    after,
    model,
    scores,
    btyd,
    btydError,
    btydScores,
    last: lastWindow(at),
    average: averageWindow(at),
    compared,
    buyers,
    firstTime,
    actual,
    outcome,
  };
}

type WindowErrors = Pick<Metrics, "mae" | "total_error">;

/** A window's figures for the choice (choice.ts), from each candidate's MAE and total error on it. */
function originOf(
  run: WindowRun,
  judged: {
    classifier: WindowErrors;
    bgnbd: WindowErrors | null;
    last_window: WindowErrors;
    average_window: WindowErrors;
  },
): OriginFigures {
  const { classifier, bgnbd, last_window, average_window } = judged;
  return {
    cutoff: run.at.asOf,
    window: { from: addDays(run.at.asOf, 1), to: run.after.asOf, days: run.at.recentDays },
    customers_scored: run.compared.length,
    buyers: run.buyers,
    mae: {
      classifier: classifier.mae,
      bgnbd: bgnbd?.mae ?? null,
      last_window: last_window.mae,
      average_window: average_window.mae,
    },
    total_error: {
      classifier: classifier.total_error,
      bgnbd: bgnbd?.total_error ?? null,
      last_window: last_window.total_error,
      average_window: average_window.total_error,
    },
  };
}

/**
 * An earlier window of the rolling origin: only what the choice reads of it, each candidate's MAE and total error.
 * The scorecards' AUC (a sort of every customer compared), Brier and RMSE are reported for the latest window alone.
 */
function windowOrigin(
  before: Snapshot,
  at: Snapshot,
  after: Snapshot,
  options: { logistic?: LogisticOptions },
): OriginFigures {
  const run = runWindow(before, at, after, options);
  const judge = (predicted: Float64Array) => errors(gather(predicted, run.compared), run.outcome);
  return originOf(run, {
    classifier: judge(run.scores.expected),
    bgnbd: run.btydScores ? judge(run.btydScores.expected) : null,
    last_window: judge(run.last.predicted),
    average_window: judge(run.average.predicted),
  });
}

/** One window's backtest, before the choice (and the calibration that depends on it). */
function backtestWindow(
  before: Snapshot,
  at: Snapshot,
  after: Snapshot,
  options: { logistic?: LogisticOptions },
): { backtest: Backtest; origin: OriginFigures } {
  const run = runWindow(before, at, after, options);
  const { model, scores, btyd, btydError, btydScores, compared, outcome } = run;
  const pick = (values: Float64Array) => gather(values, compared);
  const card = (predicted: Float64Array, probability: Float64Array) =>
    scorecard({ predicted: pick(predicted), actual: outcome, probability: pick(probability) });
  const candidates = {
    classifier: card(scores.expected, scores.probability),
    bgnbd: btydScores ? card(btydScores.expected, btydScores.probability) : null,
    last_window: card(run.last.predicted, run.last.probability),
    average_window: card(run.average.predicted, run.average.probability),
  };
  const best = candidates.last_window.mae <= candidates.average_window.mae ? "last_window" : "average_window";
  const origin = originOf(run, candidates);
  const core = {
    cutoff: at.asOf,
    window: origin.window,
    training_window: { features_as_of: before.asOf, outcome_from: addDays(before.asOf, 1), outcome_to: at.asOf },
    customers_scored: compared.length,
    customers_with_history: compared.length,
    buyers: run.buyers,
    first_time_buyers: run.firstTime,
    baselines: { last_window: candidates.last_window, average_window: candidates.average_window },
    candidates,
    best_baseline: best,
  } as const;
  const backtest: Backtest = {
    figures: {
      ...core,
      model: candidates.classifier,
      chosen: "classifier",
      choice: chooseModel([origin]),
      rolling: [origin],
      calibration: [],
      mae_improvement: null,
      trust: "low",
      verdict: "",
    },
    model,
    scores,
    candidateScores: { classifier: scores, bgnbd: btydScores },
    btyd,
    btydError,
    actual: run.actual,
    at,
  };
  return { backtest, origin };
}

/**
 * Rolling origin: `snapshots` are h days apart, oldest first; each run of
 * three is one backtest (fit, cutoff, outcome). The model is chosen on the
 * mean MAE over every window; the latest window's figures are returned,
 * with the choice and every window's errors.
 */
export function rollingBacktest(
  snapshots: readonly Snapshot[],
  options: { logistic?: LogisticOptions } = {},
): Backtest {
  checkWindowCount(snapshots);
  // The earlier windows give their figures alone: their scores on a million customers go as soon as each is judged.
  const n = snapshots.length;
  const origins = windowOrigins({ snapshots: snapshots.slice(0, n - 1), logistic: options.logistic });
  const latest = backtestWindow(snapshots[n - 3], snapshots[n - 2], snapshots[n - 1], options);
  return withChoice(latest.backtest, [...origins, latest.origin]);
}

/** Consecutive snapshots, h days apart: each run of three is one backtest window (windowOrigins). */
export interface WindowJob {
  snapshots: Snapshot[];
  logistic?: LogisticOptions;
}

/** Each window's figures, oldest first: what rollingBacktest keeps of every window but the latest. */
export function windowOrigins(job: WindowJob): OriginFigures[] {
  const { snapshots } = job;
  const origins: OriginFigures[] = [];
  for (let k = 0; k + 2 < snapshots.length; k++)
    origins.push(windowOrigin(snapshots[k], snapshots[k + 1], snapshots[k + 2], { logistic: job.logistic }));
  return origins;
}

/**
 * rollingBacktest on two cores, with `meanwhile` (the live fit) run beside
 * it: the windows before the latest are judged on a worker thread
 * (`earlier`, given their snapshots and the arrays this thread gives up)
 * while this one judges the latest window and then runs `meanwhile`. The
 * figures are the same as rollingBacktest's: each window is judged by the
 * same code on the same numbers. With one window, or where `earlier` answers
 * undefined (no worker can start), everything runs here, in order. The
 * snapshots are the worker's afterwards: those only it reads are handed over
 * (their arrays empty here), the two both read share their memory.
 */
export async function rollingBacktestBeside<T>(
  snapshots: readonly Snapshot[],
  options: { logistic?: LogisticOptions },
  meanwhile: () => T,
  earlier: (job: WindowJob, transfer: ArrayBuffer[]) => Promise<OriginFigures[]> | undefined,
): Promise<{ backtest: Backtest; meanwhile: T }> {
  checkWindowCount(snapshots);
  const n = snapshots.length;
  // The worker's windows read snapshots 0..n-2, this thread's the last three (n-3..n-1) and the live fit the
  // last two: those before n-3 are handed over, and the two both read move to shared memory (same values), so
  // that neither is copied.
  const theirs = snapshots.slice(0, n - 1);
  const given = snapshots.slice(0, Math.max(0, n - 3)).flatMap((s) => snapshotBuffers(s));
  if (n > 3) for (const s of snapshots.slice(n - 3, n - 1)) shareArrays(s);
  const origins = n > 3 ? earlier({ snapshots: theirs, logistic: options.logistic }, given) : Promise.resolve([]);
  if (!origins) return { backtest: rollingBacktest(snapshots, options), meanwhile: meanwhile() };
  // Awaited below; a failure meanwhile is not an unhandled rejection.
  origins.catch(() => undefined);
  const latest = backtestWindow(snapshots[n - 3], snapshots[n - 2], snapshots[n - 1], options);
  const result = meanwhile();
  return { backtest: withChoice(latest.backtest, [...(await origins), latest.origin]), meanwhile: result };
}

/** A rolling backtest needs three snapshots at least: fit, cutoff, outcome. */
function checkWindowCount(snapshots: readonly Snapshot[]): void {
  if (snapshots.length < 3)
    throw new Error(`rollingBacktest: ${snapshots.length} snapshots; expected at least 3 (fit, cutoff, outcome)`);
}

const SNAPSHOT_ARRAYS = ["ids", "orders", "sales", "recency", "tenure", "orderValue", "recent", "prior"] as const;

/** The typed arrays' buffers of a snapshot, to hand to a worker. */
function snapshotBuffers(s: Snapshot): ArrayBuffer[] {
  return SNAPSHOT_ARRAYS.map((key) => s[key].buffer as ArrayBuffer);
}

/** Moves a snapshot's arrays to shared memory, in place: a worker then reads them where they are. */
function shareArrays(s: Snapshot): void {
  for (const key of SNAPSHOT_ARRAYS) {
    const shared = new Float64Array(new SharedArrayBuffer(s[key].byteLength));
    shared.set(s[key]);
    s[key] = shared;
  }
}

/**
 * The latest backtest with the model chosen over `origins` (the latest last) and everything that depends on the
 * choice.
 */
function withChoice(b: Backtest, origins: OriginFigures[]): Backtest {
  const choice = chooseModel(origins);
  const chosen = choice.chosen;
  const f = b.figures;
  const model = chosen === "bgnbd" && f.candidates.bgnbd ? f.candidates.bgnbd : f.candidates.classifier;
  const scores = chosen === "bgnbd" && b.candidateScores.bgnbd ? b.candidateScores.bgnbd : b.candidateScores.classifier;
  const bestMae = f.baselines[f.best_baseline].mae;
  const core = {
    ...f,
    model,
    chosen,
    choice,
    rolling: origins,
    mae_improvement: bestMae > 0 ? 1 - model.mae / bestMae : null,
  };
  const { trust, verdict } = customerVerdict({ ...core, model_label: MODEL_LABELS[chosen] });
  const calibration = calibrationDeciles(scores.expected, b.actual, b.at.orders);
  return { ...b, scores, figures: { ...core, calibration, trust, verdict } };
}
