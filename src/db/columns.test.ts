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

test("numbers over several of DuckDB's chunks keep every value and every NULL in its place", async () => {
  const db = await connect("duckdb::memory:");
  try {
    // 5,000 rows: three chunks of up to 2,048; NULLs at chunk edges, in runs and alone.
    const sql = `SELECT CAST(i AS INTEGER) AS n, CAST(i AS DOUBLE) / 7 AS x,
        CASE WHEN i % 13 = 0 OR i IN (2047, 2048, 4095) OR i BETWEEN 3000 AND 3100 THEN NULL ELSE CAST(-i AS INTEGER) END AS gaps
      FROM range(5000) t(i) ORDER BY i`;
    const result = await queryColumns(db, sql);
    const gaps = numbers(result, "gaps");
    const x = numbers(result, "x");
    assert.equal(result.rows, 5000);
    for (let i = 0; i < 5000; i++) {
      const hole = i % 13 === 0 || i === 2047 || i === 2048 || i === 4095 || (i >= 3000 && i <= 3100);
      assert.equal(numbers(result, "n")[i], i);
      assert.equal(x[i], i / 7);
      assert.ok(hole ? Number.isNaN(gaps[i]) : gaps[i] === -i, `row ${i}: ${gaps[i]}`);
    }
  } finally {
    await db.close();
  }
});

test("text over several of DuckDB's chunks keeps every value, short, long, accented or NULL, in its place", async () => {
  const db = await connect("duckdb::memory:");
  try {
    // Up to 12 bytes DuckDB keeps a string inline, longer ones elsewhere: both kinds, across three chunks.
    const sql = `SELECT CASE WHEN i % 11 = 0 THEN NULL WHEN i % 2 = 0 THEN 'Ré ' || i
        ELSE 'Conceição & Filhos, Lda. ' || i END AS name
      FROM range(5000) t(i) ORDER BY i`;
    const name = column(await queryColumns(db, sql), "name");
    assert.equal(name.length, 5000);
    for (let i = 0; i < 5000; i++)
      assert.equal(
        name[i],
        i % 11 === 0 ? null : i % 2 === 0 ? `Ré ${i}` : `Conceição & Filhos, Lda. ${i}`,
        `row ${i}`,
      );
  } finally {
    await db.close();
  }
});
