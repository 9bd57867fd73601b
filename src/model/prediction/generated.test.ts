import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryRunner, type AnalysisResult } from "../../analyse/analysis.js";
import { resolvePeriod } from "../../analyse/period.js";
import type { Database } from "../../db/adapter.js";
import { connect } from "../../db/connect.js";
import { generateDataset } from "../../generate/generate.js";
import { loadWarehouse } from "../../load/warehouse.js";
import { addDays } from "../../dates.js";
import { rollingBacktest, rollingBacktestBeside } from "./backtest.js";
import { windowOriginsInWorker } from "./backtest-in-worker.js";
import { loadSnapshot } from "./dataset.js";
import { analysePrediction, type PredictionFigures } from "./index.js";

/**
 * Generated data with a known purchase process (per-customer Poisson rates,
 * seasons, lapsing customers) and three years of history: the model must
 * beat both simple rules on error per customer, and its total must land
 * within 10% of what happened. The same as
 * `npx tsx src/cli/generate.ts --orders 20000 --seed 7`.
 *
 * The pinned figures change when the generator's process changes; rerun and
 * repin then, keeping the two claims above.
 */
describe("the prediction on generated data (20,000 orders, seed 7, three years)", () => {
  let dir: string;
  let db: Database;
  let result: AnalysisResult<PredictionFigures>;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "prediction-generated-"));
    await generateDataset({ orders: 20_000, seed: 7, outDir: dir });
    db = await connect("duckdb::memory:");
    await loadWarehouse(db, { dataDir: dir });
    const ctx = { db, sql: new QueryRunner(db), period: await resolvePeriod(db, "all"), filters: {}, dataDir: dir };
    result = await analysePrediction(ctx);
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the model beats both baselines on MAE in the backtest", () => {
    const b = result.figures.backtest!;
    assert.ok(
      b.model.mae < b.baselines.last_window.mae,
      `model ${b.model.mae} vs last window ${b.baselines.last_window.mae}`,
    );
    assert.ok(
      b.model.mae < b.baselines.average_window.mae,
      `model ${b.model.mae} vs average ${b.baselines.average_window.mae}`,
    );
    assert.ok(b.model.auc! > Math.max(b.baselines.last_window.auc!, b.baselines.average_window.auc!));
    assert.ok(b.model.brier! < Math.min(b.baselines.last_window.brier!, b.baselines.average_window.brier!));
  });

  test("the model's total is within 10% of the actual", () => {
    const m = result.figures.backtest!.model;
    assert.ok(Math.abs(m.total_error!) <= 0.1, `total off by ${m.total_error}`);
  });

  test("the figures are pinned", () => {
    const b = result.figures.backtest!;
    const round = (x: number, digits = 2) => Number(x.toFixed(digits));
    assert.equal(result.figures.cutoff, "1999-06-30");
    assert.deepEqual(b.window, { from: "1999-04-02", to: "1999-06-30", days: 90 });
    assert.deepEqual([b.customers_scored, b.buyers, b.first_time_buyers.customers], [2115, 777, 375]);
    assert.deepEqual(
      {
        auc: round(b.model.auc!, 3),
        brier: round(b.model.brier!, 3),
        mae: round(b.model.mae),
        rmse: round(b.model.rmse),
        total: round(b.model.total_predicted),
        actual: round(b.model.total_actual),
      },
      { auc: 0.757, brier: 0.19, mae: 973.92, rmse: 2240.12, total: 2200278.86, actual: 2062303.87 },
    );
    assert.equal(round(b.baselines.last_window.mae), 1064.68);
    assert.equal(round(b.baselines.average_window.mae), 1097.49);
    assert.equal(b.trust, "good");
    assert.match(b.verdict, /good enough to rank customers and to plan the total/);
  });

  test("three years of months are enough for a backtested company forecast with a band", () => {
    const f = result.figures.forecast;
    assert.equal(f.too_short, false);
    assert.equal(f.history_months, 36);
    assert.equal(f.method, "seasonal_naive");
    assert.equal(f.months.length, 6);
    assert.ok(f.months.every((m) => m.lower <= m.forecast && m.forecast <= m.upper));
  });

  test("the backtest judged on two threads gives every window's figures exactly as on one", async () => {
    const h = 90;
    const cutoff = result.figures.cutoff;
    const sql = new QueryRunner(db);
    const load = async () => {
      const snapshots = [];
      for (const j of [4, 3, 2, 1, 0]) snapshots.push(await loadSnapshot(sql, addDays(cutoff, -j * h), h));
      return snapshots;
    };
    const alone = rollingBacktest(await load());
    let handed = 0;
    const beside = await rollingBacktestBeside(
      await load(),
      {},
      () => "the live fit",
      (job, transfer) => {
        handed = job.snapshots.length;
        return windowOriginsInWorker(job, transfer);
      },
    );
    assert.equal(handed, 4, "the worker judged the two windows before the latest");
    assert.equal(beside.meanwhile, "the live fit");
    assert.deepEqual(beside.backtest.figures, alone.figures);
    assert.equal(alone.figures.rolling.length, 3);
    assert.deepEqual(result.figures.backtest, alone.figures);
  });
});
