import type { ModelKey } from "./backtest.js";
import { badBtydField, scoreBtyd } from "./btyd.js";
import { FEATURES, type Snapshot } from "./dataset.js";
import { dayNumber, isoDay } from "./days.js";
import { MODEL_NAME, MODEL_VERSION, scoreSnapshot, type PredictionModel } from "./model.js";

/**
 * The API: expected sales of customers given their order histories and a
 * saved model, with every input checked and every problem named by where it
 * is and what was expected.
 */

export interface OrderHistory {
  /** Passed through to the answer. */
  customer_id?: string | number;
  /** The day the prediction is made: the horizon starts the day after. */
  as_of: string;
  /** Every order up to `as_of` (none for a new customer). */
  orders: { date: string; sales: number }[];
}

export interface CustomerPrediction {
  customer_id: string | number | null;
  /** Chance of at least one order in the horizon, 0..1. */
  probability: number;
  /** Expected sales if they buy. */
  expected_spend: number;
  /** probability x expected_spend. */
  expected_sales: number;
  /** The horizon, both days included. */
  from: string;
  to: string;
  /**
   * Which model answered (issue 16): "classifier" (chance x spend, only for
   * the horizon it was trained on) or "bgnbd" (BG/NBD + Gamma-Gamma, any horizon).
   */
  answered_by: ModelKey;
  /** Expected orders in the horizon; BG/NBD only (null from the classifier). */
  expected_orders: number | null;
  /** Chance the customer is still a customer at as_of; BG/NBD only (null from the classifier). */
  probability_alive: number | null;
}

export class PredictionInputError extends Error {
  override name = "PredictionInputError";
}

/**
 * Expected sales in the next `horizonDays` for one customer, or for each of
 * a list. For the horizon the model was trained for, the model the backtest
 * chose answers (`model.chosen`). Any other horizon is answered by BG/NBD +
 * Gamma-Gamma, which predicts any number of days; a model saved without it
 * (before issue 16) refuses other horizons, since the classifier's chance of
 * buying in 90 days says little about 30: retrain with
 * `analysePrediction(ctx, { horizonDays })` then. `answered_by` says which.
 */
export function predictCustomerSales(
  history: OrderHistory,
  horizonDays: number,
  model: PredictionModel,
): CustomerPrediction;
export function predictCustomerSales(
  history: readonly OrderHistory[],
  horizonDays: number,
  model: PredictionModel,
): CustomerPrediction[];
export function predictCustomerSales(
  history: OrderHistory | readonly OrderHistory[],
  horizonDays: number,
  model: PredictionModel,
): CustomerPrediction | CustomerPrediction[] {
  checkModel(model);
  if (!Number.isInteger(horizonDays) || horizonDays < 1) {
    throw new PredictionInputError(`horizon: expected a whole number of days >= 1, got ${JSON.stringify(horizonDays)}`);
  }
  const answeredBy: ModelKey = horizonDays === model.horizon_days ? (model.chosen ?? "classifier") : "bgnbd";
  if (answeredBy === "bgnbd" && !model.btyd) {
    throw new PredictionInputError(
      // Worded as before issue 16: such a model (saved without BG/NBD) answers one horizon only.
      `horizon: this model predicts the next ${model.horizon_days} days, not ${horizonDays}; use horizon ${model.horizon_days} or train a model for ${horizonDays} days (analysePrediction with horizonDays: ${horizonDays})`,
    );
  }
  const many = Array.isArray(history);
  const list: readonly OrderHistory[] = many ? history : [history as OrderHistory];
  const parsed = parseHistories(list, many ? (i) => `history[${i}]` : () => "history");
  const snapshot = snapshotOf(parsed, horizonDays);
  const btyd = answeredBy === "bgnbd" ? scoreBtyd(model.btyd!, snapshot, horizonDays) : null;
  const scores = btyd ?? scoreSnapshot(model, snapshot);
  const answers: CustomerPrediction[] = new Array(list.length);
  // Most of a batch shares one as_of: its horizon's text is made once.
  let horizonOf = NaN;
  let from = "";
  let to = "";
  for (let i = 0; i < list.length; i++) {
    const asOf = parsed.asOf[i];
    if (asOf !== horizonOf) {
      horizonOf = asOf;
      from = isoDay(asOf + 1);
      to = isoDay(asOf + horizonDays);
    }
    answers[i] = {
      customer_id: list[i].customer_id ?? null,
      probability: scores.probability[i],
      expected_spend: scores.spend[i],
      expected_sales: scores.expected[i],
      from,
      to,
      answered_by: answeredBy,
      expected_orders: btyd ? btyd.orders[i] : null,
      probability_alive: btyd ? (parsed.start[i + 1] > parsed.start[i] ? btyd.alive[i] : null) : null,
    };
  }
  return many ? answers : answers[0];
}

/**
 * The same features as sql/models/customer_features.sql, from one history
 * each: orders up to as_of, recency and tenure in days to as_of, sales in
 * (as_of - window, as_of] and in the window before. A test checks both agree.
 */
export function historySnapshot(list: readonly OrderHistory[], recentDays: number): Snapshot {
  return snapshotOf(
    parseHistories(list, (i) => `history[${i}]`),
    recentDays,
  );
}

/**
 * Histories as columns, checked: customer i's orders are entries start[i] to
 * start[i + 1] - 1 of days (day numbers) and sales. One allocation per column
 * whatever the batch size, no object per order.
 */
interface ParsedHistories {
  asOf: Float64Array;
  start: Uint32Array;
  days: Float64Array;
  sales: Float64Array;
}

function snapshotOf(h: ParsedHistories, recentDays: number): Snapshot {
  const n = h.asOf.length;
  const column = () => new Float64Array(n);
  const s: Snapshot = {
    asOf: n > 0 ? isoDay(h.asOf[0]) : "",
    recentDays,
    ids: column(),
    orders: column(),
    sales: column(),
    recency: column().fill(NaN),
    tenure: column().fill(NaN),
    orderValue: column().fill(NaN),
    recent: column(),
    prior: column(),
  };
  for (let i = 0; i < n; i++) {
    const asOf = h.asOf[i];
    const recentFrom = asOf + 1 - recentDays;
    const priorFrom = asOf + 1 - 2 * recentDays;
    let first = Infinity;
    let last = -Infinity;
    let total = 0;
    let recent = 0;
    let prior = 0;
    const end = h.start[i + 1];
    for (let k = h.start[i]; k < end; k++) {
      const day = h.days[k];
      const sales = h.sales[k];
      total += sales;
      if (day >= recentFrom) recent += sales;
      else if (day >= priorFrom) prior += sales;
      if (day < first) first = day;
      if (day > last) last = day;
    }
    const count = end - h.start[i];
    s.sales[i] = total;
    s.recent[i] = recent;
    s.prior[i] = prior;
    s.orders[i] = count;
    if (count > 0) {
      s.recency[i] = asOf - last;
      s.tenure[i] = asOf - first;
      s.orderValue[i] = total / count;
    }
  }
  return s;
}

function parseHistories(list: readonly OrderHistory[], where: (i: number) => string): ParsedHistories {
  const n = list.length;
  const asOf = new Float64Array(n);
  const start = new Uint32Array(n + 1);
  // First pass: the shape, so the order columns are allocated once.
  for (let i = 0; i < n; i++) {
    const h = list[i];
    if (h === null || typeof h !== "object")
      throw new PredictionInputError(`${where(i)}: expected an object { as_of, orders }, got ${JSON.stringify(h)}`);
    const day = dayNumber(h.as_of);
    if (day === null)
      throw new PredictionInputError(
        `${where(i)}.as_of: expected an ISO date YYYY-MM-DD, got ${JSON.stringify(h.as_of)}`,
      );
    if (!Array.isArray(h.orders))
      throw new PredictionInputError(
        `${where(i)}.orders: expected an array of { date, sales } (empty for a new customer), got ${JSON.stringify(h.orders)}`,
      );
    asOf[i] = day;
    start[i + 1] = start[i] + h.orders.length;
  }
  const days = new Float64Array(start[n]);
  const sales = new Float64Array(start[n]);
  for (let i = 0; i < n; i++) {
    const orders = list[i].orders;
    const base = start[i];
    for (let j = 0; j < orders.length; j++) {
      const o = orders[j];
      if (o === null || typeof o !== "object")
        throw new PredictionInputError(`${where(i)}.orders[${j}]: expected { date, sales }, got ${JSON.stringify(o)}`);
      const day = dayNumber(o.date);
      if (day === null)
        throw new PredictionInputError(
          `${where(i)}.orders[${j}].date: expected an ISO date YYYY-MM-DD, got ${JSON.stringify(o.date)}`,
        );
      if (day > asOf[i])
        throw new PredictionInputError(
          `${where(i)}.orders[${j}].date: ${o.date} is after as_of ${list[i].as_of}; only orders up to as_of may be given`,
        );
      if (typeof o.sales !== "number" || !Number.isFinite(o.sales) || o.sales < 0) {
        throw new PredictionInputError(
          `${where(i)}.orders[${j}].sales: expected a number >= 0, got ${JSON.stringify(o.sales)}`,
        );
      }
      days[base + j] = day;
      sales[base + j] = o.sales;
    }
  }
  return { asOf, start, days, sales };
}

/** Checks a model read from JSON before it is used; returns it typed. */
export function checkModel(value: unknown): PredictionModel {
  const m = value as Partial<PredictionModel> | null;
  if (m === null || typeof m !== "object")
    throw new PredictionInputError(
      `model: expected the object saved as models/prediction.json, got ${JSON.stringify(value)}`,
    );
  if (m.name !== MODEL_NAME)
    throw new PredictionInputError(
      `model: expected name "${MODEL_NAME}", got ${JSON.stringify(m.name)}: is this models/prediction.json?`,
    );
  if (m.version !== MODEL_VERSION)
    throw new PredictionInputError(
      `model: version ${JSON.stringify(m.version)} is not supported; expected ${MODEL_VERSION} (rerun npm run analyse)`,
    );
  if (!Number.isInteger(m.horizon_days) || m.horizon_days! < 1)
    throw new PredictionInputError(
      `model.horizon_days: expected a whole number >= 1, got ${JSON.stringify(m.horizon_days)}`,
    );
  const d = FEATURES.length;
  const finite = (x: unknown) => typeof x === "number" && Number.isFinite(x);
  if (
    !m.scaling ||
    !Array.isArray(m.scaling.mean) ||
    m.scaling.mean.length !== d ||
    !m.scaling.mean.every(finite) ||
    !Array.isArray(m.scaling.sd) ||
    m.scaling.sd.length !== d ||
    !m.scaling.sd.every((x) => finite(x) && x > 0)
  ) {
    throw new PredictionInputError(`model.scaling: expected mean and sd arrays of ${d} finite numbers (sd > 0)`);
  }
  if (!m.coefficients || !finite(m.coefficients.intercept))
    throw new PredictionInputError("model.coefficients.intercept: expected a finite number");
  for (const f of FEATURES) {
    if (!finite(m.coefficients.weights?.[f.name]))
      throw new PredictionInputError(`model.coefficients.weights.${f.name}: expected a finite number`);
  }
  if (
    !m.spend ||
    !finite(m.spend.population_order_value) ||
    !finite(m.spend.prior_orders) ||
    m.spend.prior_orders < 0 ||
    m.spend.horizon_days !== m.horizon_days
  ) {
    throw new PredictionInputError(
      "model.spend: expected population_order_value, prior_orders >= 0 and the model's horizon_days",
    );
  }
  if (m.btyd !== undefined && m.btyd !== null) {
    const bad = badBtydField(m.btyd);
    if (bad !== null)
      throw new PredictionInputError(
        `model.btyd${bad ? `.${bad}` : ""}: expected BG/NBD parameters r, alpha, a, b and Gamma-Gamma p, q, gamma, all finite numbers > 0`,
      );
  }
  if (m.chosen !== undefined && m.chosen !== "classifier" && m.chosen !== "bgnbd") {
    throw new PredictionInputError(`model.chosen: expected "classifier" or "bgnbd", got ${JSON.stringify(m.chosen)}`);
  }
  if (m.chosen === "bgnbd" && !m.btyd)
    throw new PredictionInputError('model.chosen: "bgnbd" needs model.btyd, which is missing');
  return m as PredictionModel;
}
