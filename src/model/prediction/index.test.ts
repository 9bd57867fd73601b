import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { QueryRunner, type AnalysisContext, type AnalysisResult } from "../../analyse/analysis.js";
import { resolvePeriod } from "../../analyse/period.js";
import type { Database } from "../../db/adapter.js";
import { connect } from "../../db/connect.js";
import { loadWarehouse } from "../../load/warehouse.js";
import { analysePrediction, checkModel, predictCustomerSales, type PredictionModel } from "./index.js";
import type { PredictionFigures } from "./index.js";
import { commentaryMarkdown } from "../../analyse/commentary/commentary.js";

const cents = (x: number) => Math.round(x * 100) / 100;

describe("the prediction on the extract (DuckDB)", () => {
  let db: Database;
  let ctx: AnalysisContext;
  let result: AnalysisResult<PredictionFigures>;
  before(async () => {
    db = await connect("duckdb::memory:");
    await loadWarehouse(db, { dataDir: "data" });
    ctx = { db, sql: new QueryRunner(db), period: await resolvePeriod(db, "all"), filters: {}, dataDir: "data" };
    result = await analysePrediction(ctx);
  });
  after(() => db.close());

  test("predictions start the day after the last order, 1997-02-12, not at the end of February", () => {
    const f = result.figures;
    assert.equal(f.cutoff, "1997-02-12");
    assert.deepEqual(f.horizon, { from: "1997-02-13", to: "1997-05-13" });
    assert.equal(f.customers_total, 91);
    assert.equal(f.customers.length, 91);
  });

  test("the backtest fits on 1996-08-17..1996-11-14 and is judged on 1996-11-15..1997-02-12, which it never saw", () => {
    const b = result.figures.backtest!;
    assert.equal(b.cutoff, "1996-11-14");
    assert.deepEqual(b.window, { from: "1996-11-15", to: "1997-02-12", days: 90 });
    assert.deepEqual(b.training_window, {
      features_as_of: "1996-08-16",
      outcome_from: "1996-08-17",
      outcome_to: "1996-11-14",
    });
    assert.equal(b.customers_scored, 54);
    assert.equal(b.buyers, 28);
    // 140,406.19 from known customers + 55,301.00 first orders = every sale of the window.
    assert.equal(cents(b.model.total_actual), 140406.19);
    assert.deepEqual(
      { customers: b.first_time_buyers.customers, sales: cents(b.first_time_buyers.sales) },
      { customers: 20, sales: 55301 },
    );
  });

  test("the backtest reports both models and both baselines with their honest figures, on the one window seven months allow", () => {
    const b = result.figures.backtest!;
    const pinned = (m: { auc: number | null; mae: number; total_predicted: number }) => [
      m.auc?.toFixed(3),
      cents(m.mae),
      cents(m.total_predicted),
    ];
    assert.deepEqual(pinned(b.candidates.classifier), ["0.668", 2486.26, 118708.69]);
    assert.deepEqual(pinned(b.candidates.bgnbd!), ["0.630", 2444.27, 101861.69]);
    // BG/NBD's MAE is 1.7% lower on this one window, so it answers; on 54 customers that is no proof (trust stays low).
    assert.equal(b.chosen, "bgnbd");
    assert.deepEqual(b.model, b.candidates.bgnbd);
    assert.equal(b.rolling.length, 1);
    assert.equal(b.choice.windows, 1);
    assert.equal(Number(b.choice.margin!.toFixed(4)), 0.0169);
    assert.match(
      b.choice.note,
      /on the one backtest window the history allows it missed by \$2,444\.27 per customer against \$2,486\.26/,
    );
    assert.deepEqual(
      b.calibration.map((d) => d.customers),
      [10, 11, 11, 11, 11],
    );
    assert.equal(result.figures.chosen_model, "bgnbd");
    assert.deepEqual(pinned(b.baselines.last_window), ["0.507", 2819.05, 138283.85]);
    assert.deepEqual(pinned(b.baselines.average_window), ["0.574", 2569.49, 128093.53]);
    assert.equal(b.best_baseline, "average_window");
  });

  test("on 54 customers the commentary says how little to trust it", () => {
    const b = result.figures.backtest!;
    assert.equal(b.trust, "low");
    assert.match(b.verdict, /54 customers of whom 28 bought/);
    assert.match(b.verdict, /too little data to judge a model/);
    assert.match(commentaryMarkdown(result.commentary), /\*\*How far to trust it\.\*\*/);
    assert.match(commentaryMarkdown(result.commentary), /could be chance/);
    assert.match(commentaryMarkdown(result.commentary), /not as numbers to plan with/);
  });

  test("the company forecast is withheld: seven complete months are too short", () => {
    const f = result.figures.forecast;
    assert.equal(f.too_short, true);
    assert.equal(f.history_months, 7);
    assert.deepEqual(f.partial_months, ["1997-02"]);
    assert.deepEqual(f.months, []);
    assert.match(commentaryMarkdown(result.commentary), /Only 7 complete months of sales: too short for a forecast/);
  });

  test("the saved model holds features, coefficients, scaling, horizon, training window, backtest and version", () => {
    const model = result.models!.prediction as PredictionModel;
    const saved = checkModel(JSON.parse(JSON.stringify(model)));
    assert.equal(saved.version, 1);
    assert.equal(saved.horizon_days, 90);
    assert.deepEqual(
      saved.features.map((f) => f.name),
      ["recency", "frequency", "monetary", "tenure", "trend", "no_history"],
    );
    assert.equal(saved.scaling.mean.length, 6);
    assert.deepEqual(saved.training_window, {
      features_as_of: "1996-11-14",
      outcome_from: "1996-11-15",
      outcome_to: "1997-02-12",
      customers: 91,
      buyers: 48,
    });
    assert.ok(saved.solver.converged);
    assert.equal((saved.backtest as { cutoff: string }).cutoff, "1996-11-14");
    // Every candidate's scorecard and the choice travel with the model.
    const recorded = saved.backtest as { candidates: Record<string, unknown>; chosen: string };
    assert.deepEqual(Object.keys(recorded.candidates), ["classifier", "bgnbd", "last_window", "average_window"]);
    assert.equal(recorded.chosen, "bgnbd");
    assert.equal(saved.chosen, "bgnbd");
    assert.ok(saved.btyd && saved.btyd.bgnbd.r > 0 && saved.btyd.gamma_gamma.q > 0);
  });

  test("predictCustomerSales on Ernst Handel's orders gives the same answer as the batch from SQL", async () => {
    const model = result.models!.prediction as PredictionModel;
    const orders = await db.query<{ date: string; sales: number }>(
      "SELECT order_date AS date, SUM(sales) AS sales FROM sales_lines WHERE customer_name = 'Ernst Handel' GROUP BY order_id, order_date ORDER BY order_date",
    );
    assert.equal(orders.length, 10);
    const api = predictCustomerSales({ customer_id: 20, as_of: "1997-02-12", orders }, 90, model);
    const batch = result.figures.customers.find((c) => c.name === "Ernst Handel")!;
    assert.ok(Math.abs(api.probability - batch.probability) < 1e-9);
    assert.ok(Math.abs(api.expected_sales - batch.expected_sales) < 1e-6);
    assert.deepEqual([api.from, api.to], ["1997-02-13", "1997-05-13"]);
  });

  test("charts and tables cover predicted against actual, calibration, top customers and the forecast", () => {
    assert.deepEqual(
      result.charts.map((c) => c.id),
      ["prediction-predicted-vs-actual", "prediction-calibration", "prediction-top-customers", "prediction-forecast"],
    );
    assert.deepEqual(
      result.tables.map((t) => t.id),
      [
        "prediction-customers",
        "prediction-backtest",
        "prediction-forecast",
        "prediction-model",
        "prediction-rolling",
        "prediction-calibration-groups",
        "prediction-btyd",
      ],
    );
    assert.equal(result.tables[1].rows.length, 4);
  });

  test("a horizon longer than the history allows gives no customer prediction and says why", async () => {
    const long = await analysePrediction(ctx, { horizonDays: 120 });
    assert.equal(long.figures.backtest, null);
    assert.equal(long.models, undefined);
    assert.match(long.figures.too_short_note!, /a 120-day prediction needs orders on or before 1996-06-17/);
    assert.match(commentaryMarkdown(long.commentary), /No customer prediction/);
  });

  test("a country with no order before the period's end gives no prediction and says why, instead of failing the run", async () => {
    const norway = {
      ...ctx,
      period: await resolvePeriod(db, "1996-07"),
      filters: { country: "Norway" },
    };
    const none = await analysePrediction(norway);
    assert.equal(none.figures.backtest, null);
    assert.equal(none.models, undefined);
    assert.equal(none.figures.cutoff, "1996-07-31");
    assert.deepEqual(none.figures.horizon, { from: "1996-08-01", to: "1996-10-29" });
    assert.equal(
      none.figures.too_short_note,
      "There are no orders before 1996-08-01 (country Norway), so there is nothing to predict from.",
    );
    assert.equal(none.figures.forecast.history_months, 0);
    assert.match(commentaryMarkdown(none.commentary), /No customer prediction\. There are no orders before 1996-08-01/);
    assert.deepEqual(
      none.charts.map((c) => c.id),
      ["prediction-forecast"],
    );
  });

  test("a bad horizon is refused with what was expected", async () => {
    await assert.rejects(
      analysePrediction(ctx, { horizonDays: 0 }),
      /horizonDays must be a whole number of days from 1 to 3660, got 0/,
    );
  });
});
