import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { QueryRunner } from "../../analyse/analysis.js";
import { resumOrders } from "../../analyse/fixtures.js";
import type { Database } from "../../db/adapter.js";
import { connect } from "../../db/connect.js";
import { loadWarehouse } from "../../load/warehouse.js";
import { averageWindow, historyDays, lastWindow } from "./baselines.js";
import { rollingBacktest, runBacktest } from "./backtest.js";
import { scoreBtyd, trainBtyd } from "./btyd.js";
import { loadSnapshot, toSnapshot } from "./dataset.js";
import { scoreSnapshot, trainModel } from "./model.js";

describe("the backtest on the extract", () => {
  let db: Database;
  let sql: QueryRunner;
  before(async () => {
    db = await connect("duckdb::memory:");
    await loadWarehouse(db, { dataDir: "data" });
    sql = new QueryRunner(db);
  });
  after(() => db.close());

  // Before the test below, which deletes orders.
  test("an earlier window's figures in the rolling backtest are the ones its own backtest gives", async () => {
    const dates = ["1996-11-14", "1997-02-12", "1997-05-13", "1997-08-11"];
    const snapshots = await Promise.all(dates.map((d) => loadSnapshot(sql, d, 90)));
    const rolling = rollingBacktest(snapshots).figures.rolling;
    assert.equal(rolling.length, 2);
    const alone = runBacktest(snapshots[0], snapshots[1], snapshots[2]).figures.rolling;
    assert.deepEqual(rolling[0], alone[0]);
    assert.equal(rolling[0].cutoff, "1997-02-12");
    assert.ok(rolling[0].mae.classifier! > 0 && rolling[0].customers_scored > 0);
  });

  test("its predictions are the same when every order after the cutoff is deleted: no leakage", async () => {
    const [c0, c1, c2] = ["1996-08-16", "1996-11-14", "1997-02-12"];
    const backtest = runBacktest(
      await loadSnapshot(sql, c0, 90),
      await loadSnapshot(sql, c1, 90),
      await loadSnapshot(sql, c2, 90),
    );
    await db.exec(
      `DELETE FROM order_details WHERE order_id IN (SELECT order_id FROM orders WHERE order_date > DATE '${c1}')`,
    );
    await db.exec(`DELETE FROM orders WHERE order_date > DATE '${c1}'`);
    await resumOrders(db);
    const blind = await loadSnapshot(sql, c1, 90);
    const model = trainModel(await loadSnapshot(sql, c0, 90), blind, { asOf: c1 });
    assert.deepEqual(model.coefficients, backtest.model.coefficients);
    assert.deepEqual(scoreSnapshot(model, blind).expected, backtest.candidateScores.classifier.expected);
    // BG/NBD + Gamma-Gamma learn from the cutoff's snapshot alone: the same without the future.
    const btyd = trainBtyd(blind);
    assert.deepEqual(btyd, backtest.btyd);
    assert.deepEqual(scoreBtyd(btyd, blind, 90).expected, backtest.candidateScores.bgnbd!.expected);
  });
});

test("the baselines repeat the last window and spread past sales evenly over the windows since the data begins", () => {
  const s = toSnapshot(
    [
      {
        customer_id: 1,
        customer_name: "A",
        country: null,
        orders: 4,
        sales: 800,
        units: 0,
        first_order: "1996-01-01",
        last_order: "1996-12-20",
        recency_days: 10,
        tenure_days: 359,
        avg_order_value: 200,
        sales_recent: 300,
        sales_prior: 100,
        category_share: {},
      },
      {
        customer_id: 2,
        customer_name: "B",
        country: null,
        orders: 0,
        sales: 0,
        units: 0,
        first_order: null,
        last_order: null,
        recency_days: null,
        tenure_days: null,
        avg_order_value: null,
        sales_recent: 0,
        sales_prior: 0,
        category_share: {},
      },
    ],
    "1996-12-30",
    90,
  );
  assert.equal(historyDays(s), 360);
  assert.deepEqual(Array.from(lastWindow(s).predicted), [300, 0]);
  assert.deepEqual(Array.from(lastWindow(s).probability), [1, 0]);
  // 360 days = 4 windows of 90: 800 / 4 = 200 a window; 4 orders / 4 windows = 1 → 1 - e^-1.
  assert.deepEqual(Array.from(averageWindow(s).predicted), [200, 0]);
  assert.ok(Math.abs(averageWindow(s).probability[0] - (1 - Math.exp(-1))) < 1e-12);
});
