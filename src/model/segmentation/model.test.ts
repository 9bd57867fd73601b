import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { QueryRunner } from "../../analyse/analysis.js";
import { resolvePeriod } from "../../analyse/period.js";
import type { Database } from "../../db/adapter.js";
import { connect } from "../../db/connect.js";
import { loadWarehouse } from "../../load/warehouse.js";
import { customerFeatures, type CustomerFeatures } from "../features.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  checkModel,
  loadSegmentationModel,
  segmentCustomer,
  SegmentInputError,
  type SegmentationModel,
} from "./model.js";
import { segmentAll, type Segmentation } from "./train.js";

describe("segmentCustomer with the model trained on the extract", () => {
  let db: Database;
  let run: Segmentation;
  let model: SegmentationModel;
  let features: CustomerFeatures[];
  before(async () => {
    db = await connect("duckdb::memory:");
    await loadWarehouse(db, { dataDir: "data" });
    const sql = new QueryRunner(db);
    run = await segmentAll(
      { db, sql, period: await resolvePeriod(db, "all"), filters: {}, dataDir: "data" },
      { trainedAt: "2026-01-01T00:00:00Z" },
    );
    // Through JSON, as the API reads models/segmentation.json.
    model = checkModel(JSON.parse(JSON.stringify(run.model)));
    features = await customerFeatures(sql, { asOf: "1997-02-28" });
  });
  after(() => db.close());

  test("every existing customer gets back the segment, scores and cluster of the training run", () => {
    for (const c of run.customers) {
      const f = features.find((x) => x.customer_id === c.customer_id)!;
      const input = {
        features: {
          orders: f.orders,
          sales: f.sales,
          recency_days: f.recency_days,
          tenure_days: f.tenure_days,
          avg_order_value: f.avg_order_value,
        },
      };
      const result = segmentCustomer(input, model);
      assert.equal(result.segment, c.segment, c.customer_name);
      assert.deepEqual(result.rfm, c.rfm, c.customer_name);
      assert.equal(result.cluster?.id ?? null, c.cluster, c.customer_name);
    }
  });

  test("an order history gives the same answer as the features it adds up to", async () => {
    const orders = await db.query<{ date: string; amount: number }>(
      "SELECT order_date AS date, CAST(SUM(sales) AS DOUBLE) AS amount FROM sales_lines WHERE customer_name = 'Ernst Handel' GROUP BY order_id, order_date ORDER BY order_id",
    );
    assert.equal(orders.length, 10);
    const fromHistory = segmentCustomer({ orders }, model);
    const ernst = run.customers.find((c) => c.customer_name === "Ernst Handel")!;
    assert.equal(fromHistory.segment, "Champions");
    assert.equal(fromHistory.segment, ernst.segment);
    assert.deepEqual(fromHistory.rfm, ernst.rfm);
    assert.equal(fromHistory.cluster?.id, ernst.cluster);
    assert.deepEqual(fromHistory.features, {
      orders: 10,
      sales: 35631.21,
      recency_days: 17,
      tenure_days: 226,
      avg_order_value: 3563.121,
    });
    assert.equal(fromHistory.action.offer, model.actions.Champions.offer);
  });

  test("a new customer with no orders is No purchase yet, with no scores and no cluster", () => {
    for (const input of [
      { orders: [] },
      { features: { orders: 0, sales: 0 } },
      { features: { orders: 0, sales: 0, recency_days: null } },
    ]) {
      const result = segmentCustomer(input, model);
      assert.equal(result.segment, "No purchase yet");
      assert.equal(result.rfm, null);
      assert.equal(result.cluster, null);
      assert.equal(result.action.offer, model.actions["No purchase yet"].offer);
    }
  });

  test("a new customer with one recent big order is scored against the training buyers", () => {
    const result = segmentCustomer({ orders: [{ date: "1997-02-25", amount: 9000 }], as_of: "1997-02-28" }, model);
    assert.deepEqual(result.rfm, { r: 5, f: 1, m: 5, fm: 3, code: "515" });
    assert.equal(result.segment, "Potential loyalists");
    assert.equal(result.features.tenure_days, 3);
    assert.ok(result.cluster && result.cluster.id >= 1 && result.cluster.id <= model.clusters.k);
  });

  test("category shares, when given, must name the model's categories", () => {
    const ok = segmentCustomer(
      { orders: [{ date: "1997-01-10", amount: 300 }], category_sales: { Beverages: 200, Seafood: 100 } },
      model,
    );
    assert.equal(ok.features.orders, 1);
    assert.throws(
      () => segmentCustomer({ orders: [{ date: "1997-01-10", amount: 300 }], category_sales: { Snacks: 300 } }, model),
      /category_sales\["Snacks"\] must be a known category \(Beverages, Condiments, .*Seafood\), got "Snacks"/,
    );
  });

  test("bad input is rejected with the field and what was expected", () => {
    const cases: [unknown, RegExp][] = [
      [null, /input must be an object with either `orders` \(an order history\) or `features`, got null/],
      [[], /input must be an object .* got an array of 0/],
      [{}, /input must be an object .* got an object with keys \(none\)/],
      [
        { orders: [], features: { orders: 0, sales: 0 } },
        /either `orders` \(an order history\) or `features`, not both/,
      ],
      [{ orders: "many" }, /orders must be an array of \{ date, amount \}, got "many"/],
      [
        { orders: [{ date: "1997-13-01", amount: 5 }] },
        /orders\[0\]\.date must be an ISO date YYYY-MM-DD, got "1997-13-01"/,
      ],
      [{ orders: [{ date: "02/11/1997", amount: 5 }] }, /orders\[0\]\.date must be an ISO date/],
      [{ orders: [{ date: "1997-02-11", amount: -5 }] }, /orders\[0\]\.amount must be a finite number >= 0, got -5/],
      [{ orders: [{ date: "1997-02-11", amount: "5" }] }, /orders\[0\]\.amount must be a finite number >= 0, got "5"/],
      [
        { orders: [{ date: "1997-02-11", amount: 5, qty: 2 }] },
        /orders\[0\] has unknown key\(s\) "qty": expected only date, amount/,
      ],
      [
        { orders: [{ date: "1997-03-11", amount: 5 }] },
        /orders\[0\]\.date must be on or before the reference date 1997-02-28, got "1997-03-11"/,
      ],
      [{ orders: [], customer: 7 }, /input has unknown key\(s\) "customer"/],
      [
        { features: { orders: 1.5, sales: 10, recency_days: 3 } },
        /features\.orders must be a whole number >= 0, got 1\.5/,
      ],
      [
        { features: { orders: 2, sales: NaN, recency_days: 3 } },
        /features\.sales must be a finite number >= 0, got NaN/,
      ],
      [
        { features: { orders: 2, sales: 10 } },
        /features\.recency_days must be a whole number of days >= 0 when orders > 0, got undefined/,
      ],
      [
        { features: { orders: 2, sales: 10, recency_days: -1 } },
        /features\.recency_days must be a whole number of days >= 0, or null, got -1/,
      ],
      [{ features: { orders: 0, sales: 10 } }, /features\.sales must be 0 when orders is 0, got 10/],
      [
        { features: { orders: 2, sales: 10, recency_days: 30, tenure_days: 10 } },
        /features\.tenure_days must be at least recency_days \(30\)/,
      ],
      [
        { features: { orders: 2, sales: 10, recency_days: 3, category_share: { Beverages: 1.5 } } },
        /features\.category_share\["Beverages"\] must be a share between 0 and 1, got 1\.5/,
      ],
      [
        { features: { orders: 2, sales: 10, recency_days: 3, category_share: { Beverages: 0.7, Seafood: 0.6 } } },
        /features\.category_share must be shares that sum to at most 1/,
      ],
      [
        { features: { orders: 2, sales: 10, recency: 3 } },
        /features has unknown key\(s\) "recency": expected only orders, sales, recency_days/,
      ],
    ];
    for (const [input, message] of cases) {
      assert.throws(
        () => segmentCustomer(input, model),
        (error: unknown) => {
          assert.ok(error instanceof SegmentInputError, `${JSON.stringify(input)} threw ${String(error)}`);
          assert.match(error.message, message);
          assert.match(error.message, /^segmentCustomer: /);
          return true;
        },
      );
    }
  });

  test("the model file is read back as written, and a missing or broken file is named in the error", () => {
    const dir = mkdtempSync(join(tmpdir(), "segmentation-model-"));
    try {
      writeFileSync(join(dir, "segmentation.json"), JSON.stringify(run.model, null, 2));
      assert.deepEqual(loadSegmentationModel(join(dir, "segmentation.json")), run.model);
      writeFileSync(join(dir, "broken.json"), "{");
      assert.throws(
        () => loadSegmentationModel(join(dir, "broken.json")),
        /Cannot read the segmentation model .*broken\.json/,
      );
      assert.throws(
        () => loadSegmentationModel(join(dir, "missing.json")),
        /Cannot read the segmentation model .*missing\.json: ENOENT/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a file that is not a segmentation model this code can read is refused", () => {
    assert.throws(
      () => checkModel({ model: "prediction", version: 1 }),
      /Not a segmentation model: "model" is "prediction", expected "segmentation"/,
    );
    assert.throws(() => checkModel({ ...model, version: 2 }), /version 2, this code reads version 1/);
    assert.throws(
      () => checkModel({ ...model, clusters: { ...model.clusters, centroids: [[1]] } }),
      /every centroid must have 5 coordinates/,
    );
  });
});
