import assert from "node:assert/strict";
import { test } from "node:test";
import { quoteIdentifier, sqlString } from "./quote.js";
import { connect } from "./connect.js";

test("a string literal doubles its quotes and reads back as itself on DuckDB", async () => {
  assert.equal(sqlString("O'Brien's"), "'O''Brien''s'");
  const db = await connect("duckdb::memory:");
  try {
    const [row] = await db.query<{ v: string }>(`SELECT ${sqlString("it's '; DROP TABLE x; --")} AS v`);
    assert.equal(row.v, "it's '; DROP TABLE x; --");
  } finally {
    await db.close();
  }
});

test("identifiers are quoted the way each dialect reads them", () => {
  assert.equal(quoteIdentifier('Unit "Price"', "duckdb"), '"Unit ""Price"""');
  assert.equal(quoteIdentifier("order", "postgres"), '"order"');
  assert.equal(quoteIdentifier("a]b", "tsql"), "[a]]b]");
});
