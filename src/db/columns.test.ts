import { test } from "node:test";
import assert from "node:assert/strict";
import type { Database } from "./adapter.js";
import { column, numbers, queryColumns } from "./columns.js";
import { connect } from "./connect.js";

const SQL = `SELECT * FROM (VALUES
    (1, 'Ernst Handel', CAST(35631.21 AS DOUBLE), CAST(2.50 AS DECIMAL(18, 2)), DATE '1997-02-12', 17),
    (2, NULL, CAST(0 AS DOUBLE), NULL, NULL, NULL)
  ) AS t(customer_id, customer_name, sales, price, last_order, recency_days)`;

test("a DuckDB result by column holds the values its rows hold, numbers as Float64Array with NaN for NULL", async () => {
  const db = await connect("duckdb::memory:");
  try {
    const rows = await db.query(SQL);
    const result = await queryColumns(db, SQL);
    assert.equal(result.rows, 2);
    assert.ok(result.columns.sales instanceof Float64Array);
    for (const name of Object.keys(rows[0]))
      assert.deepEqual(
        column(result, name),
        rows.map((r) => r[name]),
        name,
      );
    assert.deepEqual(Array.from(numbers(result, "recency_days")), [17, NaN]);
    assert.deepEqual(Array.from(numbers(result, "recency_days", 0)), [17, 0]);
    assert.deepEqual(Array.from(numbers(result, "price")), [2.5, NaN]);
  } finally {
    await db.close();
  }
});

test("a backend that reads by row gives the same columns; a missing column is named", async () => {
  const duck = await connect("duckdb::memory:");
  try {
    const byRow = { query: duck.query.bind(duck) } as unknown as Database;
    const result = await queryColumns(byRow, SQL);
    assert.deepEqual(column(result, "customer_name"), ["Ernst Handel", null]);
    assert.deepEqual(Array.from(numbers(result, "sales")), [35631.21, 0]);
    assert.throws(() => numbers(result, "orders"), /no column orders; it returned customer_id, customer_name/);
    assert.deepEqual(column(await queryColumns(byRow, `${SQL} WHERE false`), "orders"), []);
  } finally {
    await duck.close();
  }
});
