import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { QueryRunner } from "../analyse/analysis.js";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { postgresWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import { loadWarehouse } from "../load/warehouse.js";
import {
  categoryList,
  customerFeatures,
  featureColumns,
  releaseFeatureReads,
  shareFeatureReads,
  type CustomerFeatures,
} from "./features.js";

const round2 = (x: number) => Math.round(x * 100) / 100;
const total = (rows: CustomerFeatures[], key: "sales" | "orders" | "units") =>
  round2(rows.reduce((s, r) => s + r[key], 0));

describe("customer features on the extract (DuckDB)", () => {
  let db: Database;
  let sql: QueryRunner;
  before(async () => {
    db = await connect("duckdb::memory:");
    await loadWarehouse(db, { dataDir: "data" });
    sql = new QueryRunner(db);
  });
  after(() => db.close());

  test("every one of the 91 customers has a row, 74 of them with orders", async () => {
    const rows = await customerFeatures(sql, { asOf: "1997-02-28" });
    assert.equal(rows.length, 91);
    assert.equal(rows.filter((r) => r.orders > 0).length, 74);
    assert.equal(new Set(rows.map((r) => r.customer_id)).size, 91);
  });

  test("the features add up to the known totals: 386,424.23 over 196 orders", async () => {
    const rows = await customerFeatures(sql, { asOf: "1997-02-28" });
    assert.equal(total(rows, "sales"), 386424.23);
    assert.equal(total(rows, "orders"), 196);
  });

  test("Ernst Handel is the top customer with 35,631.21 and its recency is counted to the reference date", async () => {
    const rows = await customerFeatures(sql, { asOf: "1997-02-28" });
    const top = rows.reduce((a, b) => (b.sales > a.sales ? b : a));
    assert.equal(top.customer_name, "Ernst Handel");
    assert.equal(top.sales, 35631.21);
    assert.equal(top.orders, 10);
    assert.equal(top.last_order, "1997-02-11");
    assert.equal(top.recency_days, 17);
    assert.equal(top.first_order, "1996-07-17");
    assert.equal(top.tenure_days, 226);
    assert.equal(round2(top.avg_order_value!), 3563.12);
  });

  test("customers who never ordered have zeros and nulls", async () => {
    const rows = await customerFeatures(sql, { asOf: "1997-02-28" });
    const alfreds = rows.find((r) => r.customer_name === "Alfreds Futterkiste")!;
    assert.deepEqual(
      {
        orders: alfreds.orders,
        sales: alfreds.sales,
        recency: alfreds.recency_days,
        tenure: alfreds.tenure_days,
        aov: alfreds.avg_order_value,
        last: alfreds.last_order,
      },
      { orders: 0, sales: 0, recency: null, tenure: null, aov: null, last: null },
    );
    assert.ok(Object.values(alfreds.category_share).every((s) => s === 0));
  });

  test("category shares of every buyer sum to one, over all eight categories", async () => {
    const rows = await customerFeatures(sql, { asOf: "1997-02-28" });
    const categories = await categoryList(sql);
    assert.equal(categories.length, 8);
    for (const r of rows.filter((r) => r.orders > 0)) {
      assert.equal(Object.keys(r.category_share).length, 8);
      const sum = Object.values(r.category_share).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-9, `${r.customer_name}: shares sum to ${sum}`);
    }
  });

  test("the recent and prior windows match an independent query", async () => {
    const rows = await customerFeatures(sql, { asOf: "1997-02-12", recentDays: 30 });
    const [check] = await db.query<{ recent: number; prior: number }>(
      `SELECT SUM(CASE WHEN order_date > DATE '1997-01-13' THEN sales ELSE 0 END) AS recent,
              SUM(CASE WHEN order_date > DATE '1996-12-14' AND order_date <= DATE '1997-01-13' THEN sales ELSE 0 END) AS prior
       FROM sales_lines`,
    );
    assert.equal(round2(rows.reduce((s, r) => s + r.sales_recent, 0)), round2(check.recent));
    assert.equal(round2(rows.reduce((s, r) => s + r.sales_prior, 0)), round2(check.prior));
  });

  test("nothing after the reference date nor before `from` counts", async () => {
    const [check] = await db.query<{ sales: number; orders: number }>(
      "SELECT SUM(sales) AS sales, COUNT(DISTINCT order_id) AS orders FROM sales_lines WHERE order_date BETWEEN DATE '1996-09-01' AND DATE '1996-12-31'",
    );
    const rows = await customerFeatures(sql, { from: "1996-09-01", asOf: "1996-12-31" });
    assert.equal(rows.length, 91);
    assert.equal(total(rows, "sales"), round2(check.sales));
    assert.equal(total(rows, "orders"), check.orders);
  });

  test("a reference date before the first order gives every customer zero orders", async () => {
    const rows = await customerFeatures(sql, { asOf: "1990-01-31" });
    assert.equal(rows.length, 91);
    assert.ok(rows.every((r) => r.orders === 0 && r.sales === 0 && r.recency_days === null));
  });

  test("a country filter keeps only that country's customers", async () => {
    const rows = await customerFeatures(sql, { asOf: "1997-02-28", country: "USA" });
    assert.ok(rows.length > 0 && rows.every((r) => r.country === "USA"));
    assert.equal(total(rows, "sales"), 69611.75);
  });

  test("bad options are rejected with the field and what was expected", async () => {
    await assert.rejects(
      customerFeatures(sql, { asOf: "28/02/1997" }),
      /asOf must be an ISO date YYYY-MM-DD, got "28\/02\/1997"/,
    );
    await assert.rejects(customerFeatures(sql, { asOf: "1997-02-30" }), /asOf must be an ISO date/);
    await assert.rejects(
      customerFeatures(sql, { asOf: "1997-02-28", from: "1997-03-01" }),
      /from \(1997-03-01\) is after asOf/,
    );
    await assert.rejects(
      customerFeatures(sql, { asOf: "1997-02-28", recentDays: 0 }),
      /recentDays must be a whole number/,
    );
  });

  test("the features come from one query per call plus the category list, and on DuckDB the names from one text", async () => {
    const runner = new QueryRunner(db);
    await customerFeatures(runner, { asOf: "1997-02-28" });
    assert.deepEqual(
      runner.log.map((q) => q.name),
      ["models/categories", "models/customer_features", "models/customer_name_list"],
    );
    assert.equal(runner.log[1].rows, 91);
  });

  test("names read as one text are the names read one by one; a name with the separator sends them back one by one", async () => {
    const names = async () =>
      (await featureColumns(new QueryRunner(db), { asOf: "1997-02-28", names: true, country: "Germany" })).names;
    const oneByOne = (
      await db.query<{ customer_name: string }>(
        "SELECT customer_name FROM dim_customers WHERE country = 'Germany' ORDER BY customer_id",
      )
    ).map((r) => r.customer_name);
    assert.deepEqual(await names(), oneByOne);
    assert.equal(oneByOne.length, 11);
    const hostile = await connect("duckdb::memory:");
    try {
      await loadWarehouse(hostile, { dataDir: "data" });
      await hostile.exec("UPDATE customers SET customer_name = 'Unit' || chr(31) || 'Name' WHERE customer_id = 1");
      const runner = new QueryRunner(hostile);
      const got = await featureColumns(runner, { asOf: "1997-02-28", names: true, categoryShares: false });
      assert.equal(got.names![0], "Unit\x1fName");
      assert.equal(got.names!.length, 91);
      assert.deepEqual(
        runner.log.map((q) => q.name),
        ["models/customer_features", "models/customer_name_list", "models/customer_features"],
      );
    } finally {
      await hostile.close();
    }
  });

  test("within a run, a read with shares serves one later read of the same date without them, in arrays of its own", async () => {
    const runner = new QueryRunner(db);
    shareFeatureReads(runner);
    try {
      const wide = await featureColumns(runner, { asOf: "1997-02-28", names: true });
      const narrow = await featureColumns(runner, { asOf: "1997-02-28", categoryShares: false });
      const alone = await featureColumns(new QueryRunner(db), { asOf: "1997-02-28", categoryShares: false });
      // One query (and the category list, the names); the reader of the kept numbers logs the query they came from.
      assert.deepEqual(
        runner.log.map((q) => q.name),
        ["models/categories", "models/customer_features", "models/customer_name_list", "models/customer_features"],
      );
      assert.equal(runner.log[3], runner.log[1]);
      for (const key of [
        "ids",
        "orders",
        "sales",
        "units",
        "recency",
        "tenure",
        "orderValue",
        "recent",
        "prior",
      ] as const) {
        assert.deepEqual(narrow[key], alone[key], key);
        assert.notEqual(narrow[key].buffer, wide[key].buffer, key);
      }
      assert.equal(narrow.names, undefined);
      assert.deepEqual(narrow.shares, []);
      // Taken once: the next narrow read, another date or another window queries again.
      await featureColumns(runner, { asOf: "1997-02-28", categoryShares: false });
      await featureColumns(runner, { asOf: "1997-01-31", categoryShares: false });
      assert.equal(runner.log.length, 6);
    } finally {
      releaseFeatureReads(runner);
    }
  });

  test("outside a run nothing is kept: the same reads query twice", async () => {
    const runner = new QueryRunner(db);
    await featureColumns(runner, { asOf: "1997-02-28", names: true });
    await featureColumns(runner, { asOf: "1997-02-28", categoryShares: false });
    assert.deepEqual(
      runner.log.map((q) => q.name),
      ["models/categories", "models/customer_features", "models/customer_name_list", "models/customer_features"],
    );
    assert.notEqual(runner.log[3], runner.log[1]);
  });
});

describe("customer features on PostgreSQL", () => {
  let warehouse: TestWarehouse | undefined;
  let db: Database | undefined;
  let skip = false;
  before(async () => {
    // No server here: the DuckDB tests still cover the SQL.
    warehouse = await postgresWarehouse("features").catch(() => undefined);
    db = warehouse?.db;
    skip = !warehouse;
  });
  after(() => warehouse?.dispose());

  test("PostgreSQL gives the same features as DuckDB", async (t) => {
    if (skip || !db) return t.skip("no PostgreSQL server at 127.0.0.1:5432");
    const rows = await customerFeatures(new QueryRunner(db), { asOf: "1997-02-28" });
    assert.equal(rows.length, 91);
    assert.equal(rows.filter((r) => r.orders > 0).length, 74);
    assert.equal(total(rows, "sales"), 386424.23);
    const ernst = rows.find((r) => r.customer_name === "Ernst Handel")!;
    assert.deepEqual([ernst.sales, ernst.orders, ernst.recency_days, ernst.tenure_days], [35631.21, 10, 17, 226]);
    assert.equal(typeof ernst.last_order, "string");
  });
});
