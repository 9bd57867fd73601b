import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sqlFile } from "../db/sql.js";
import { QueryRunner } from "./analysis.js";
import { customerIdBounds } from "./distinct-ids.js";
import { generatedWarehouse, postgresWarehouse, type TestWarehouse } from "./fixtures.js";

describe("distinct customers counted as bits", () => {
  let duck: TestWarehouse;
  before(async () => (duck = await generatedWarehouse(3000)));
  after(async () => duck?.dispose());
  const ctx = () => ({ db: duck.db, sql: new QueryRunner(duck.db) });

  test("on DuckDB the bounds are the smallest and largest customer id of the orders", async () => {
    const [ids] = await duck.db.query<{ lo: number; hi: number }>(
      "SELECT MIN(customer_id) AS lo, MAX(customer_id) AS hi FROM orders",
    );
    assert.deepEqual(await customerIdBounds(ctx(), 49), { lo: ids.lo, hi: ids.hi });
  });

  test("the span is read once per query runner, and logged again for each later asker", async () => {
    const c = ctx();
    const first = await customerIdBounds(c, 49);
    assert.deepEqual(await customerIdBounds(c, async () => 1), first);
    const spans = c.sql.log.filter((q) => q.name === "analyses/customer_id_span");
    assert.equal(spans.length, 2);
    assert.equal(spans[0], spans[1], "the same record, so the appendix lists the query once");
  });

  test("the history counts the same customers as COUNT(DISTINCT), month by month and a year before", async () => {
    const params = {
      start: "1997-01-01",
      end: "1998-01-01",
      history_start: "1996-01-01",
      year_ago_start: "1996-01-01",
      year_ago_end: "1997-01-01",
      country: null,
      category: null,
    };
    const history = (customer_ids: object | undefined) =>
      new QueryRunner(duck.db).run("analyses/history", params, { customer_ids });
    const bits = sqlFile("analyses/history", "duckdb", { customer_ids: { lo: 1, hi: 2 } });
    assert.match(bits, /bitstring_agg\(o\.customer_id, 1, 2\)/);
    const counted = await history(undefined);
    assert.ok(counted.length > 12 && counted.some((r) => Number(r.customers) > 0));
    assert.deepEqual(await history(await customerIdBounds(ctx(), counted.length)), counted);
  });

  test("ids spread too far for the groups' bitstrings give no bounds: the query counts with COUNT(DISTINCT)", async () => {
    // 375 customers' ids in one bitstring of 47 bytes: 32 MB allow some 700,000 groups, not a million.
    assert.notEqual(await customerIdBounds(ctx(), 700_000), undefined);
    assert.equal(await customerIdBounds(ctx(), 1_000_000), undefined);
    assert.equal(await customerIdBounds(ctx(), async () => 1_000_000), undefined);
    assert.doesNotMatch(sqlFile("analyses/history", "duckdb", {}), /bitstring_agg/);
  });
});

test("PostgreSQL counts with COUNT(DISTINCT), without asking for bounds", async () => {
  const pg = await postgresWarehouse("distinct_ids");
  try {
    const sql = new QueryRunner(pg.db);
    assert.equal(await customerIdBounds({ db: pg.db, sql }, 49), undefined);
    // Nor for the number of groups, when the caller would count them with a query.
    const groups = () => Promise.reject(new Error("counted on PostgreSQL"));
    assert.equal(await customerIdBounds({ db: pg.db, sql }, groups), undefined);
    assert.equal(sql.log.length, 0);
    assert.doesNotMatch(sqlFile("analyses/history", "postgres", { customer_ids: { lo: 1, hi: 2 } }), /bitstring/);
  } finally {
    await pg.dispose();
  }
});
