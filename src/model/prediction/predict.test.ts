import { test } from "node:test";
import assert from "node:assert/strict";
import { FEATURES } from "./dataset.js";
import { MODEL_NAME, MODEL_VERSION, type PredictionModel } from "./model.js";
import { checkModel, historySnapshot, predictCustomerSales, PredictionInputError } from "./predict.js";

/** A small hand-made model: buying gets likelier with frequency, less likely with recency. */
const MODEL: PredictionModel = {
  name: MODEL_NAME,
  version: MODEL_VERSION,
  horizon_days: 90,
  as_of: "1997-02-12",
  description: "test",
  features: FEATURES.map((f) => ({ ...f })),
  scaling: { mean: [3, 1, 7, 5, 0, 0], sd: [1, 0.5, 1, 1, 0.5, 1] },
  coefficients: {
    intercept: 0,
    weights: { recency: -1, frequency: 1, monetary: 0, tenure: 0, trend: 0, no_history: -2 },
  },
  spend: { population_order_value: 1000, prior_orders: 2, horizon_days: 90, method: "test" },
  training_window: {
    features_as_of: "1996-11-14",
    outcome_from: "1996-11-15",
    outcome_to: "1997-02-12",
    customers: 10,
    buyers: 5,
  },
  solver: {
    library: "ml-logistic-regression",
    steps: 300,
    learning_rate: 0.1,
    rows: 10,
    sampled_rows: 10,
    seed: 1,
    max_gradient: 0,
    converged: true,
  },
  backtest: null,
};

test("a new customer with no history gets the no-history chance and the population's order value", () => {
  const p = predictCustomerSales({ customer_id: "new-1", as_of: "1997-02-12", orders: [] }, 90, MODEL);
  assert.equal(p.customer_id, "new-1");
  assert.ok(Math.abs(p.probability - 1 / (1 + Math.exp(2))) < 1e-12);
  assert.equal(p.expected_spend, 1000);
  assert.ok(Math.abs(p.expected_sales - 1000 * p.probability) < 1e-9);
  assert.deepEqual([p.from, p.to], ["1997-02-13", "1997-05-13"]);
});

test("a frequent recent buyer is likelier to buy than a lapsed one, and a list gives a list", () => {
  const recent = {
    as_of: "1997-02-12",
    orders: ["1996-12-02", "1997-01-06", "1997-02-10"].map((date) => ({ date, sales: 1500 })),
  };
  const lapsed = { as_of: "1997-02-12", orders: [{ date: "1996-07-10", sales: 1500 }] };
  const [a, b] = predictCustomerSales([recent, lapsed], 90, MODEL);
  assert.ok(a.probability > b.probability);
  assert.equal(a.customer_id, null);
  // Order value (3 x 1500 + 2 x 1000) / 5 = 1300, times orders when buying with m = 3 / 90 days x 90 = 3: 3 / (1
  // - e^-3).
  assert.ok(Math.abs(a.expected_spend - 1300 * (3 / (1 - Math.exp(-3)))) < 1e-6);
});

test("history features follow the SQL definitions: windows end on as_of, both ends included", () => {
  const s = historySnapshot(
    [
      {
        as_of: "1997-02-12",
        orders: [
          { date: "1997-02-12", sales: 10 },
          { date: "1996-11-15", sales: 20 },
          { date: "1996-11-14", sales: 40 },
          { date: "1996-08-16", sales: 80 },
        ],
      },
    ],
    90,
  );
  assert.deepEqual(
    [s.orders[0], s.sales[0], s.recency[0], s.tenure[0], s.recent[0], s.prior[0]],
    [4, 150, 0, 180, 30, 40],
  );
});

test("bad input is refused with where the problem is and what was expected", () => {
  const bad = (history: unknown, message: RegExp, horizon = 90) =>
    assert.throws(
      () => predictCustomerSales(history as never, horizon, MODEL),
      (e: Error) => e instanceof PredictionInputError && message.test(e.message),
    );
  bad({ as_of: "1997-02-30", orders: [] }, /^history\.as_of: expected an ISO date YYYY-MM-DD, got "1997-02-30"$/);
  bad({ as_of: "1997-02-12" }, /^history\.orders: expected an array of \{ date, sales \} \(empty for a new customer\)/);
  bad(
    [
      { as_of: "1997-02-12", orders: [] },
      { as_of: "1997-02-12", orders: [{ date: "2/3/1997", sales: 5 }] },
    ],
    /^history\[1\]\.orders\[0\]\.date: expected an ISO date YYYY-MM-DD, got "2\/3\/1997"$/,
  );
  bad(
    { as_of: "1997-02-12", orders: [{ date: "1997-03-01", sales: 5 }] },
    /^history\.orders\[0\]\.date: 1997-03-01 is after as_of 1997-02-12/,
  );
  bad(
    { as_of: "1997-02-12", orders: [{ date: "1997-01-01", sales: -5 }] },
    /^history\.orders\[0\]\.sales: expected a number >= 0, got -5$/,
  );
  bad(
    { as_of: "1997-02-12", orders: [{ date: "1997-01-01", sales: "12" }] },
    /^history\.orders\[0\]\.sales: expected a number >= 0, got "12"$/,
  );
  bad(
    { as_of: "1997-02-12", orders: [] },
    /^horizon: this model predicts the next 90 days, not 30; use horizon 90 or train a model for 30 days/,
    30,
  );
  bad({ as_of: "1997-02-12", orders: [] }, /^horizon: expected a whole number of days >= 1, got 1\.5$/, 1.5);
});

test("a model that is not a saved prediction model is refused before use", () => {
  assert.throws(() => checkModel(null), /model: expected the object saved as models\/prediction.json/);
  assert.throws(
    () => checkModel({ ...MODEL, name: "segments" }),
    /model: expected name "customer-sales-prediction", got "segments"/,
  );
  assert.throws(() => checkModel({ ...MODEL, version: 2 }), /model: version 2 is not supported; expected 1/);
  assert.throws(
    () =>
      checkModel({
        ...MODEL,
        coefficients: { intercept: 0, weights: { ...MODEL.coefficients.weights, trend: Number.NaN } },
      }),
    /model\.coefficients\.weights\.trend: expected a finite number/,
  );
  assert.equal(checkModel(JSON.parse(JSON.stringify(MODEL))).horizon_days, 90);
});

/** The same model with BG/NBD + Gamma-Gamma beside it (parameters of the order of a daily-data fit). */
const WITH_BTYD: PredictionModel = {
  ...MODEL,
  btyd: {
    method: "bgnbd-gamma-gamma",
    time_unit: "days",
    bgnbd: { r: 0.8, alpha: 60, a: 0.7, b: 3 },
    gamma_gamma: { p: 3, q: 4, gamma: 900 },
    fit: {
      customers: 100,
      distinct_rows: 100,
      bgnbd_log_likelihood: -1,
      bgnbd_iterations: 10,
      gamma_gamma_customers: 100,
      gamma_gamma_iterations: 10,
    },
  },
};

test("the classifier answers its own horizon and says so; old fields keep their meaning", () => {
  const p = predictCustomerSales({ as_of: "1997-02-12", orders: [{ date: "1997-01-06", sales: 1500 }] }, 90, WITH_BTYD);
  assert.equal(p.answered_by, "classifier");
  assert.equal(p.expected_orders, null);
  assert.equal(p.probability_alive, null);
  assert.ok(Math.abs(p.expected_sales - p.probability * p.expected_spend) < 1e-9);
});

test("any other horizon is answered by BG/NBD + Gamma-Gamma, and a longer horizon expects more", () => {
  const history = {
    as_of: "1997-02-12",
    orders: ["1996-10-01", "1996-12-02", "1997-01-06"].map((date) => ({ date, sales: 1000 })),
  };
  const [short, long] = [30, 365].map((h) => predictCustomerSales(history, h, WITH_BTYD));
  assert.equal(short.answered_by, "bgnbd");
  assert.deepEqual([short.from, short.to, long.to], ["1997-02-13", "1997-03-14", "1998-02-12"]);
  assert.ok(short.expected_orders! > 0 && short.expected_orders! < long.expected_orders!);
  assert.ok(short.expected_sales < long.expected_sales);
  assert.ok(short.probability_alive! > 0 && short.probability_alive! <= 1);
  // Expected sales = expected orders x the Gamma-Gamma order value p (γ + x m) / (p x + q - 1), x = 3, m = 1000.
  assert.ok(Math.abs(short.expected_sales - short.expected_orders! * ((3 * (900 + 3000)) / (9 + 3))) < 1e-6);
  assert.ok(Math.abs(short.expected_sales - short.probability * short.expected_spend) < 1e-6);
});

test("a model that chose BG/NBD answers its own horizon with it too", () => {
  const p = predictCustomerSales({ as_of: "1997-02-12", orders: [] }, 90, { ...WITH_BTYD, chosen: "bgnbd" });
  assert.equal(p.answered_by, "bgnbd");
  assert.deepEqual([p.probability, p.expected_sales, p.probability_alive], [0, 0, null]);
});

test("bad BG/NBD parts of a saved model are named", () => {
  const bad = { ...WITH_BTYD, btyd: { ...WITH_BTYD.btyd!, bgnbd: { ...WITH_BTYD.btyd!.bgnbd, alpha: -1 } } };
  assert.throws(() => checkModel(bad), /^PredictionInputError: model\.btyd\.bgnbd\.alpha: expected BG\/NBD parameters/);
  assert.throws(() => checkModel({ ...MODEL, chosen: "bgnbd" }), /model\.chosen: "bgnbd" needs model\.btyd/);
  assert.throws(
    () => checkModel({ ...MODEL, chosen: "tree" }),
    /model\.chosen: expected "classifier" or "bgnbd", got "tree"/,
  );
});
