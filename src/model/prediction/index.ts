import type { AnalysisContext, AnalysisResult, Chart, Table } from "../../analyse/analysis.js";
import { count, money } from "../../analyse/format.js";
import { keyFigures } from "../../analyse/tables.js";
import { addDays } from "../../dates.js";
import { largestIndices } from "../largest.js";
import {
  rollingBacktestBeside,
  BASELINE_LABELS,
  MODEL_LABELS,
  type BacktestFigures,
  type ModelKey,
} from "./backtest.js";
import { scoreBtyd, trainBtyd, type BtydModel } from "./btyd.js";
import { calibrationChartOf, forecastChartOf, predictedVsActualChart, topCustomersChart } from "./charts.js";
import { predictionCommentary } from "./commentary.js";
import { windowOriginsInWorker } from "./backtest-in-worker.js";
import { loadSnapshot } from "./dataset.js";
import { completeMonths, forecastMonthly, METHOD_LABELS, type ForecastFigures } from "./forecast.js";
import type { LogisticOptions } from "./logistic.js";
import type { Metrics } from "./metrics.js";
import { scoreSnapshot, trainModel, type PredictionModel } from "./model.js";
import { describeGap } from "./verdict.js";
import { windowSnapshots } from "./windows.js";

/**
 * Issue 6, customer sales prediction: for every customer, expected sales in
 * the next `horizonDays`, judged first on the last window the data holds
 * (a backtest against two simple rules), and the company's monthly sales
 * forecast. Three feature queries (at the end of the data, one horizon and
 * two horizons before) and one monthly query feed everything.
 */

export {
  predictCustomerSales,
  checkModel,
  PredictionInputError,
  type OrderHistory,
  type CustomerPrediction,
} from "./predict.js";
export { readPredictionModel } from "./saved.js";
export type { PredictionModel } from "./model.js";
export type { BacktestFigures, ModelKey, CandidateKey } from "./backtest.js";
export type { BtydModel } from "./btyd.js";
export type { Choice, CalibrationDecile, OriginFigures } from "./choice.js";
export type { ForecastFigures } from "./forecast.js";
export type { Metrics } from "./metrics.js";

export interface PredictionOptions {
  /** Days ahead to predict; default 90. */
  horizonDays?: number;
  /** Months of company forecast; default 6. */
  forecastMonths?: number;
  /** Customers listed in figures.customers (largest expected sales first); default 1,000. */
  customerLimit?: number;
  logistic?: LogisticOptions;
}

export const PREDICTION_DEFAULTS = { horizonDays: 90, forecastMonths: 6, customerLimit: 1000 } as const;

/** Backtest windows at most (rolling origin): each needs one more horizon of history. */
export const MAX_BACKTEST_WINDOWS = 3;

export interface CustomerExpectation {
  customer_id: number;
  name: string;
  country: string | null;
  /** Chance of at least one order in the horizon. */
  probability: number;
  /** Sales if they buy. */
  expected_spend: number;
  expected_sales: number;
  /** Sales in the last `horizon_days` up to the cutoff, for comparison. */
  last_window_sales: number;
  orders_so_far: number;
}

export interface PredictionFigures {
  horizon_days: number;
  /** The last day of data: predictions cover the `horizon_days` after it. */
  cutoff: string;
  horizon: { from: string; to: string };
  training_window: PredictionModel["training_window"];
  backtest: BacktestFigures | null;
  /** Why there is no backtest (and no prediction): the history is too short, or holds no order at all. */
  too_short_note: string | null;
  /** Customers by expected sales, largest first (at most `customerLimit`). */
  customers: CustomerExpectation[];
  customers_total: number;
  /** Expected sales of all customers in the horizon. */
  expected_total: number;
  /** The model whose predictions these are (chosen by the backtest); null without a prediction. */
  chosen_model: ModelKey | null;
  forecast: ForecastFigures;
}

export class PredictionError extends Error {
  override name = "PredictionError";
}

export async function analysePrediction(
  ctx: AnalysisContext,
  options: PredictionOptions = {},
): Promise<AnalysisResult<PredictionFigures>> {
  const h = options.horizonDays ?? PREDICTION_DEFAULTS.horizonDays;
  if (!Number.isInteger(h) || h < 1 || h > 3660)
    throw new PredictionError(
      `horizonDays must be a whole number of days from 1 to 3660, got ${String(options.horizonDays)}`,
    );
  const forecastMonths = options.forecastMonths ?? PREDICTION_DEFAULTS.forecastMonths;
  if (!Number.isInteger(forecastMonths) || forecastMonths < 1 || forecastMonths > 36) {
    throw new PredictionError(
      `forecastMonths must be a whole number from 1 to 36, got ${String(options.forecastMonths)}`,
    );
  }
  const limit = options.customerLimit ?? PREDICTION_DEFAULTS.customerLimit;

  const { period, filters } = ctx;
  const monthly = await ctx.sql.run<{ month: string; sales: number; first_day: string; last_day: string }>(
    "models/monthly_sales",
    {
      end: period.end,
      ...(filters.country !== undefined ? { country: filters.country } : {}),
      ...(filters.category !== undefined ? { category: filters.category } : {}),
    },
    { country: filters.country !== undefined, category: filters.category !== undefined },
  );
  if (monthly.length === 0) {
    // A filter (or a period before the first order) that selects no order: the
    // other analyses still report the empty period, so this says why it has nothing.
    const lastDay = addDays(period.end, -1);
    const forecast = forecastMonthly([], { horizon: forecastMonths });
    const note = `There are no orders before ${period.end}${filterWords(ctx)}, so there is nothing to predict from.`;
    return withoutPrediction(h, lastDay, forecast, forecastChartOf([], forecast), note);
  }
  // The cutoff is the last day with data, not the period's last day: a window
  // reaching past the data would count days that simply were not loaded.
  const cutoff = monthly.reduce((a, r) => (r.last_day > a ? r.last_day : a), monthly[0].last_day);
  const firstOrder = monthly.reduce((a, r) => (r.first_day < a ? r.first_day : a), monthly[0].first_day);

  const { history, partial } = completeMonths(monthly);
  const forecast = forecastMonthly(history, { horizon: forecastMonths, partialMonths: partial });
  const forecastChart = forecastChartOf(history, forecast);
  const horizon = { from: addDays(cutoff, 1), to: addDays(cutoff, h) };

  // Fit one horizon back, test on the last: the history must hold orders before c - 2h.
  const earliest = addDays(cutoff, -2 * h);
  if (firstOrder > earliest) {
    const note = `The data runs from ${firstOrder} to ${cutoff}: a ${h}-day prediction needs orders on or before ${earliest} (two windows of ${h} days: one to learn from, one to test on), so no customer prediction is made. Try a shorter horizon.`;
    return withoutPrediction(h, cutoff, forecast, forecastChart, note);
  }

  // Rolling origin: as many backtest windows (up to MAX_BACKTEST_WINDOWS) as
  // the history holds, each needing a training window before its cutoff.
  let windows = 1;
  while (windows < MAX_BACKTEST_WINDOWS && firstOrder <= addDays(cutoff, -(windows + 2) * h)) windows++;
  // The latest first: in a run it is often segmentation's read, held until taken (features.ts).
  const latest = await loadSnapshot(ctx.sql, cutoff, h, { filters });
  // The earlier ones, h days apart and oldest first, from one pass over the orders (windows.ts).
  const snapshots = await windowSnapshots(ctx.sql, latest.ids, addDays(cutoff, -h), h, windows + 1, filters);
  snapshots.push(latest);
  const [at, now] = snapshots.slice(-2);
  // The live fit runs beside the backtest's earlier windows, which a worker thread judges.
  const { backtest, meanwhile: live } = await rollingBacktestBeside(
    snapshots,
    { logistic: options.logistic },
    () => {
      const model = trainModel(at, now, { logistic: options.logistic, asOf: cutoff });
      try {
        const btyd = trainBtyd(now);
        const btydScores = scoreBtyd(btyd, now, h);
        if (!btydScores.expected.every(Number.isFinite)) throw new Error("non-finite prediction");
        return { model, btyd, btydScores };
      } catch {
        // The classifier answers; the backtest's figures say how BG/NBD fared where it could be fitted.
        return { model, btyd: null, btydScores: null };
      }
    },
    windowOriginsInWorker,
  );
  // The older snapshots served the backtest alone: a million customers' columns each, let go.
  snapshots.length = 0;
  const { model, btyd, btydScores } = live;
  const chosen: ModelKey = backtest.figures.chosen === "bgnbd" && btydScores ? "bgnbd" : "classifier";
  model.btyd = btyd;
  model.chosen = chosen;
  model.backtest = {
    cutoff: backtest.figures.cutoff,
    window: backtest.figures.window,
    customers_scored: backtest.figures.customers_scored,
    model: backtest.figures.model,
    baselines: backtest.figures.baselines,
    candidates: backtest.figures.candidates,
    chosen: backtest.figures.chosen,
    choice: backtest.figures.choice,
    rolling: backtest.figures.rolling,
    trust: backtest.figures.trust,
    verdict: backtest.figures.verdict,
  };
  const scores = chosen === "bgnbd" ? btydScores! : scoreSnapshot(model, now);
  const order = largestIndices(scores.expected, limit, (a, b) => now.ids[a] - now.ids[b]);
  let expectedTotal = 0;
  for (const e of scores.expected) expectedTotal += e;
  const named = await customerNames(
    ctx,
    order.map((i) => now.ids[i]),
  );
  const customers: CustomerExpectation[] = order.map((i) => ({
    customer_id: now.ids[i],
    name: named.get(now.ids[i])?.name ?? "",
    country: named.get(now.ids[i])?.country ?? null,
    probability: scores.probability[i],
    expected_spend: scores.spend[i],
    expected_sales: scores.expected[i],
    last_window_sales: now.recent[i],
    orders_so_far: now.orders[i],
  }));

  const figures: PredictionFigures = {
    horizon_days: h,
    cutoff,
    horizon,
    training_window: model.training_window,
    backtest: backtest.figures,
    too_short_note: null,
    customers,
    customers_total: now.ids.length,
    expected_total: expectedTotal,
    chosen_model: chosen,
    forecast,
  };
  return {
    key: "prediction",
    title: "Customer sales prediction",
    figures,
    commentary: predictionCommentary({ figures, model }),
    charts: [
      predictedVsActualChart(backtest),
      calibrationChartOf(backtest),
      topCustomersChart(customers, h, horizon.from, horizon.to),
      forecastChart,
    ],
    tables: [
      topCustomersTable(customers, h),
      backtestTable(backtest.figures),
      forecastTable(forecast),
      modelTable(model),
      rollingTable(backtest.figures),
      calibrationTable(backtest.figures),
      ...(btyd ? [btydTable(btyd)] : []),
    ],
    models: { prediction: model },
    // Every customer's prediction, the arrays the figures were summed from (Power BI extract).
    perCustomer: {
      customer_id: now.ids,
      columns: {
        predicted_sales: scores.expected,
        purchase_probability: scores.probability,
        expected_spend: scores.spend,
      },
    },
  };
}

/** The result when no customer prediction can be made: the reason, and the company forecast as far as it goes. */
function withoutPrediction(
  h: number,
  cutoff: string,
  forecast: ForecastFigures,
  forecastChart: Chart,
  note: string,
): AnalysisResult<PredictionFigures> {
  const figures: PredictionFigures = {
    horizon_days: h,
    cutoff,
    horizon: { from: addDays(cutoff, 1), to: addDays(cutoff, h) },
    training_window: {
      features_as_of: addDays(cutoff, -h),
      outcome_from: addDays(cutoff, 1 - h),
      outcome_to: cutoff,
      customers: 0,
      buyers: 0,
    },
    backtest: null,
    too_short_note: note,
    customers: [],
    customers_total: 0,
    expected_total: 0,
    chosen_model: null,
    forecast,
  };
  return {
    key: "prediction",
    title: "Customer sales prediction",
    figures,
    commentary: predictionCommentary({ figures, model: null }),
    charts: [forecastChart],
    tables: [forecastTable(forecast)],
  };
}

function topCustomersTable(customers: CustomerExpectation[], h: number): Table {
  return {
    id: "prediction-customers",
    title: `Expected sales per customer, next ${h} days`,
    columns: [
      { key: "name", label: "Customer", format: "text" },
      { key: "country", label: "Country", format: "text" },
      { key: "probability", label: "Chance of buying", format: "percent" },
      { key: "expected_spend", label: "Spend if buying", format: "money" },
      { key: "expected_sales", label: "Expected sales", format: "money" },
      { key: "last_window_sales", label: `Sales, last ${h} days`, format: "money" },
    ],
    rows: customers.map((c) => ({ ...c })),
    limit: 20,
  };
}

function backtestTable(b: BacktestFigures): Table {
  const row = (method: string, m: Metrics) => ({
    method,
    auc: m.auc === null ? "n/a" : m.auc.toFixed(2),
    brier: m.brier === null ? "n/a" : m.brier.toFixed(3),
    mae: m.mae,
    rmse: m.rmse,
    total_predicted: m.total_predicted,
    total_actual: m.total_actual,
    total_error: m.total_error,
  });
  return {
    id: "prediction-backtest",
    title: `Backtest on ${b.window.from} to ${b.window.to}: model against simple rules`,
    columns: [
      { key: "method", label: "Method", format: "text" },
      { key: "auc", label: "AUC", format: "text" },
      { key: "brier", label: "Brier", format: "text" },
      { key: "mae", label: "MAE per customer", format: "money" },
      { key: "rmse", label: "RMSE per customer", format: "money" },
      { key: "total_predicted", label: "Total predicted", format: "money" },
      { key: "total_actual", label: "Total actual", format: "money" },
      { key: "total_error", label: "Total off by", format: "growth" },
    ],
    rows: [
      row(`${MODEL_LABELS.classifier}${b.chosen === "classifier" ? " (chosen)" : ""}`, b.candidates.classifier),
      ...(b.candidates.bgnbd
        ? [row(`${MODEL_LABELS.bgnbd}${b.chosen === "bgnbd" ? " (chosen)" : ""}`, b.candidates.bgnbd)]
        : []),
      row(BASELINE_LABELS.last_window, b.baselines.last_window),
      row(BASELINE_LABELS.average_window, b.baselines.average_window),
    ],
  };
}

function rollingTable(b: BacktestFigures): Table {
  return {
    id: "prediction-rolling",
    title: `Error per customer on each backtest window (rolling origin): ${b.choice.note}`,
    columns: [
      { key: "window", label: "Window", format: "text" },
      { key: "customers", label: "Customers", format: "count" },
      { key: "classifier", label: MODEL_LABELS.classifier, format: "money" },
      { key: "bgnbd", label: MODEL_LABELS.bgnbd, format: "money" },
      { key: "last_window", label: BASELINE_LABELS.last_window, format: "money" },
      { key: "average_window", label: BASELINE_LABELS.average_window, format: "money" },
    ],
    rows: b.rolling.map((o) => ({
      window: `${o.window.from} to ${o.window.to}`,
      customers: o.customers_scored,
      ...o.mae,
    })),
  };
}

function calibrationTable(b: BacktestFigures): Table {
  const model = MODEL_LABELS[b.chosen];
  return {
    id: "prediction-calibration-groups",
    title: `Backtest calibration of ${model}: customers in ${b.calibration.length} equal groups by predicted sales (total off by ${b.model.total_error === null ? "n/a" : describeGap(b.model.total_error)})`,
    columns: [
      { key: "group", label: "Group (1 = lowest predictions)", format: "count" },
      { key: "customers", label: "Customers", format: "count" },
      { key: "predicted", label: "Predicted sales per customer", format: "money" },
      { key: "actual", label: "Actual sales per customer", format: "money" },
    ],
    rows: b.calibration.map((d) => ({ ...d })),
  };
}

/** Names and countries of the listed customers only (one small query, not a million strings). */
async function customerNames(
  ctx: AnalysisContext,
  ids: readonly number[],
): Promise<Map<number, { name: string; country: string | null }>> {
  if (ids.length === 0) return new Map();
  // Written into the SQL text: they must be whole numbers (they come from dim_customers' integer key).
  for (const id of ids) if (!Number.isSafeInteger(id)) throw new PredictionError(`customer id ${id} is not an integer`);
  const rows = await ctx.sql.run<{ customer_id: number; customer_name: string; country: string | null }>(
    "models/customer_names",
    {},
    { ids },
  );
  return new Map(
    rows.map((r) => [Number(r.customer_id), { name: String(r.customer_name), country: r.country ?? null }]),
  );
}

function btydTable(m: BtydModel): Table {
  const g = m.gamma_gamma;
  return keyFigures("prediction-btyd", "BG/NBD + Gamma-Gamma parameters (time in days)", [
    ["Purchase rate λ ~ Gamma(r, α): r", m.bgnbd.r.toPrecision(4)],
    ["α (days)", m.bgnbd.alpha.toPrecision(4)],
    ["Dropout after an order p ~ Beta(a, b): a", m.bgnbd.a.toPrecision(4)],
    ["b", m.bgnbd.b.toPrecision(4)],
    ["Gamma-Gamma p", g.p.toPrecision(4)],
    ["Gamma-Gamma q", g.q.toPrecision(4)],
    ["Gamma-Gamma γ", g.gamma.toPrecision(4)],
    ["Population mean order value p γ / (q - 1)", g.q > 1 ? money((g.p * g.gamma) / (g.q - 1)) : "unbounded (q <= 1)"],
    [
      "Customers fitted",
      m.fit.sampled_from === undefined
        ? count(m.fit.customers)
        : `${count(m.fit.customers)} (a seeded sample of the ${count(m.fit.sampled_from)} who had ordered)`,
    ],
  ]);
}

function forecastTable(f: ForecastFigures): Table {
  return {
    id: "prediction-forecast",
    title:
      f.too_short || !f.method
        ? "Company forecast: too little history"
        : `Company forecast by ${METHOD_LABELS[f.method]}`,
    columns: [
      { key: "month", label: "Month", format: "text" },
      { key: "forecast", label: "Forecast", format: "money" },
      { key: "lower", label: "Low", format: "money" },
      { key: "upper", label: "High", format: "money" },
    ],
    rows: f.months.map((m) => ({ ...m })),
  };
}

function modelTable(model: PredictionModel): Table {
  const w = model.coefficients.weights;
  return keyFigures(
    "prediction-model",
    "How the chance of buying is weighed (per standard deviation of each feature)",
    [
      ...model.features.map((f): [string, string] => [`${f.name}: ${f.definition}`, signed(w[f.name])]),
      ["Intercept", signed(model.coefficients.intercept)],
      ["Prior orders k (spend shrinkage)", String(model.spend.prior_orders)],
      [
        "Customers the chance was learnt from",
        model.solver.sampled_rows < model.solver.rows
          ? `${count(model.solver.sampled_rows)} sampled from ${count(model.solver.rows)} (seed ${model.solver.seed})`
          : `${count(model.solver.rows)} (all)`,
      ],
    ],
  );
}

function signed(x: number): string {
  return `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(2)}`;
}

function filterWords(ctx: AnalysisContext): string {
  const parts = [
    ctx.filters.country && `country ${ctx.filters.country}`,
    ctx.filters.category && `category ${ctx.filters.category}`,
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(", ")})` : "";
}
