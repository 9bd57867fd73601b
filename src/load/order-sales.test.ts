import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { COLUMN_SPANS } from "../db/sql.js";
import { buildOrderSales, inKeyOrder, type Span } from "./order-sales.js";

test("row groups read as in key order when their spans add up to about the whole span", () => {
  const spans = (...pairs: [number | null, number | null][]) => pairs.map(([low, high]) => ({ low, high }));
  assert.equal(inKeyOrder(spans([1, 100], [101, 200], [200, 300])), true);
  // Three groups each holding values from the whole span: three times it.
  assert.equal(inKeyOrder(spans([1, 300], [2, 299], [1, 298])), false);
  assert.equal(inKeyOrder(spans([-5, 5])), true);
  assert.equal(inKeyOrder(spans([1, 100], [null, null])), false);
  assert.equal(inKeyOrder(spans([1, 100], [2147483647, -2147483648])), false);
  assert.equal(inKeyOrder([]), false);
});

test("DuckDB's spans of a column are read per segment as numbers, and a column of nulls is out of order", async () => {
  const db = await connect("duckdb::memory:");
  try {
    await db.exec("CREATE TABLE t AS SELECT range::INTEGER - 5 AS id, NULL::INTEGER AS none FROM range(130000)");
    const spans = await db.query<Span>(COLUMN_SPANS.duckdb!("t", "id"));
    assert.ok(spans.length >= 2, `${spans.length} segments`);
    // In insertion order, each segment starts where the one before ended.
    assert.equal(spans[0].low, -5);
    assert.equal(spans.at(-1)!.high, 129_994);
    for (let k = 1; k < spans.length; k++) assert.equal(spans[k].low, spans[k - 1].high! + 1);
    assert.equal(inKeyOrder(spans), true);
    const none = await db.query<Span>(COLUMN_SPANS.duckdb!("t", "none"));
    // Its segments' spans are empty: the smallest value above the largest.
    assert.deepEqual(new Set(none.map((s) => `${s.low} ${s.high}`)), new Set(["2147483647 -2147483648"]));
    assert.equal(inKeyOrder(none), false);
  } finally {
    await db.close();
  }
});

/** 300,000 orders of one line each (three row groups), the lines or the orders in order-id order or scattered. */
async function warehouse(db: Database, scattered: "lines" | "orders" | "neither"): Promise<void> {
  for (const table of ["order_sales", "order_sales_whole", "order_details", "orders", "products"])
    await db.exec(`DROP TABLE IF EXISTS ${table}`);
  await db.exec("CREATE TABLE products AS SELECT 1 AS product_id, CAST(2.50 AS DECIMAL(12, 2)) AS price");
  await db.exec(`CREATE TABLE orders AS
    SELECT i AS order_id, DATE '1998-01-01' + CAST(i % 365 AS INTEGER) AS order_date, i % 997 AS customer_id,
      i % 9 AS employee_id, i % 3 AS shipper_id
    FROM range(300000) r(i)
    ORDER BY ${scattered === "orders" ? "(i * 7919) % 300000" : "i"}`);
  // 7,919 is prime to 300,000, so i * 7919 mod 300,000 visits every order once, far from the last.
  await db.exec(`CREATE TABLE order_details AS
    SELECT i AS order_detail_id, ${scattered === "lines" ? "(i * 7919) % 300000" : "i"} AS order_id, 1 AS product_id,
      CAST(1 + i % 5 AS INTEGER) AS quantity
    FROM range(300000) r(i)`);
}

describe("order_sales built a range of orders at a time", () => {
  let db: Database;
  before(async () => {
    db = await connect("duckdb::memory:");
  });
  after(async () => {
    await db.close();
  });

  async function sameAsOneStatement(ranges: number): Promise<void> {
    await db.exec("ALTER TABLE order_sales RENAME TO order_sales_whole");
    assert.equal(await buildOrderSales(db, 100_000), ranges);
    for (const [a, b] of [
      ["order_sales", "order_sales_whole"],
      ["order_sales_whole", "order_sales"],
    ]) {
      const [{ n }] = await db.query<{ n: number }>(
        `SELECT COUNT(*) AS n FROM (SELECT * FROM ${a} EXCEPT SELECT * FROM ${b})`,
      );
      assert.equal(Number(n), 0);
    }
    const [{ orders, lines, sales }] = await db.query<{ orders: number; lines: number; sales: number }>(
      "SELECT COUNT(*) AS orders, SUM(lines) AS lines, SUM(sales) AS sales FROM order_sales",
    );
    assert.deepEqual([Number(orders), Number(lines), Number(sales)], [300_000, 300_000, 2_250_000]);
  }

  test("lines in order-id order are summed in three ranges, to the same rows as one statement", async () => {
    await warehouse(db, "neither");
    assert.equal(await buildOrderSales(db, 1_000_000), 1);
    await sameAsOneStatement(3);
  });

  test("scattered lines are summed in one statement: each range would read them all", async () => {
    await warehouse(db, "lines");
    assert.equal(await buildOrderSales(db, 1_000_000), 1);
    await sameAsOneStatement(1);
  });

  test("lines in order but scattered orders are summed in one statement too", async () => {
    await warehouse(db, "orders");
    assert.equal(await buildOrderSales(db, 1_000_000), 1);
    await sameAsOneStatement(1);
  });
});
