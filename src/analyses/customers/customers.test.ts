import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Database } from "../../db/adapter.js";
import { connect } from "../../db/connect.js";
import { sqlFile } from "../../db/sql.js";
import { QueryRunner, type PerCustomer } from "../../analyse/analysis.js";
import { extractWarehouse, type TestWarehouse } from "../../analyse/fixtures.js";
import { runAnalyses } from "../../run/index.js";
import type { CustomerFigures } from "./customers.js";

/** Runs the tier query on a hand-made customer table: sales as given, customer i named "C<i>". */
async function tiers(db: Database, sales: number[]): Promise<string[]> {
  await db.exec("DROP TABLE IF EXISTS analysis_customers_t; DROP TABLE IF EXISTS dim_customers");
  await db.exec(
    "CREATE TABLE dim_customers (customer_id INTEGER, customer_name VARCHAR, city VARCHAR, country VARCHAR)",
  );
  await db.exec(
    "CREATE TABLE analysis_customers_t (customer_id INTEGER, sales DECIMAL(18, 2), orders INTEGER, units INTEGER, first_order DATE, last_order DATE, previous_sales DECIMAL(18, 2), previous_orders INTEGER, previous_units INTEGER)",
  );
  for (const [i, s] of sales.entries()) {
    await db.exec(`INSERT INTO dim_customers VALUES (${i + 1}, 'C${i + 1}', 'X', 'Y')`);
    await db.exec(
      `INSERT INTO analysis_customers_t VALUES (${i + 1}, ${s}, 1, 1, DATE '2020-01-01', DATE '2020-01-01', 0, 0, 0)`,
    );
  }
  const sql = new QueryRunner(db);
  await sql.run("analyses/customer_tiers", { tier1_bound: 0.5, tier2_bound: 0.8 }, { run: "t", tiers: "t" });
  const rows = await sql.run<{ customer_name: string; tier: number }>(
    "analyses/customer_tier_list",
    { top: 100, member_cap: 100 },
    { tiers: "t" },
  );
  await db.exec(sqlFile("analyses/customer_tiers_drop", db.dialect, { tiers: "t" }));
  return rows.map((r) => `${r.customer_name}:${["Gold", "Silver", "Bronze"][r.tier - 1]}`);
}

describe("loyalty tiers, cut in SQL", () => {
  let db: Database;
  before(async () => {
    db = await connect("duckdb::memory:");
  });
  after(() => db.close());

  test("the customer who crosses half of sales is still Gold", async () => {
    assert.deepEqual(await tiers(db, [40, 30, 15, 10, 5]), [
      "C1:Gold",
      "C2:Gold",
      "C3:Silver",
      "C4:Bronze",
      "C5:Bronze",
    ]);
  });

  test("customers with equal sales share the higher tier", async () => {
    assert.deepEqual(await tiers(db, [30, 25, 25, 10, 10]), [
      "C1:Gold",
      "C2:Gold",
      "C3:Gold",
      "C4:Bronze",
      "C5:Bronze",
    ]);
  });

  test("a single customer is the whole Gold tier", async () => {
    assert.deepEqual(await tiers(db, [12.5]), ["C1:Gold"]);
  });
});

describe("customer figures on the extract", () => {
  let w: TestWarehouse;
  let f: CustomerFigures;
  let perCustomer: PerCustomer;
  before(async () => {
    w = await extractWarehouse();
    const run = await runAnalyses({ db: w.db, only: ["customers"] });
    const result = run.results.find((r) => r.key === "customers")!;
    f = result.figures as CustomerFigures;
    perCustomer = result.perCustomer!;
  });
  after(() => w?.dispose());

  test("every customer's tier comes from the same cut as the figures, whose table is then dropped", async () => {
    const tiers = Array.from(perCustomer.columns.loyalty_tier);
    assert.equal(perCustomer.customer_id.length, 74);
    assert.deepEqual(
      f.tiers.map((t) => tiers.filter((name) => name === t.name).length),
      f.tiers.map((t) => t.customers),
    );
    const ids = Array.from(perCustomer.customer_id);
    for (const r of f.ranking.slice(0, 10)) {
      const i = ids.indexOf(r.customer_id);
      assert.deepEqual([perCustomer.columns.sales_rank[i], tiers[i]], [r.rank, r.tier], r.name);
    }
    const [left] = await w.db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM duckdb_tables() WHERE table_name LIKE 'analysis_tiers%'",
    );
    assert.equal(Number(left.n), 0);
  });

  test("74 customers ordered, 17 of the 91 on file never did", () => {
    assert.equal(f.customers_ordered, 74);
    assert.equal(f.customer_base, 91);
    assert.equal(f.never_ordered, 17);
    assert.equal(f.ranking.length, 74);
  });

  test("the tiers hold every customer who ordered, and their sales add up to the total", () => {
    assert.equal(
      f.tiers.reduce((s, t) => s + t.customers, 0),
      74,
    );
    assert.equal(Math.round(f.tiers.reduce((s, t) => s + t.sales, 0) * 100) / 100, 386424.23);
    assert.deepEqual(
      f.tiers.map((t) => t.members.length),
      f.tiers.map((t) => t.customers),
    );
    assert.equal(f.tiers[0].members[0], "Ernst Handel");
  });

  test("Gold ends with the customer who crosses half of sales", () => {
    const gold = f.ranking.filter((r) => r.tier === "Gold");
    const last = gold[gold.length - 1];
    assert.ok(last.cumulative_share >= 0.5 && last.cumulative_share - last.share < 0.5);
    assert.equal(gold.length, f.tiers[0].customers);
  });

  test("average order value and Pareto shares follow from sales and orders", () => {
    const top = f.ranking[0];
    assert.deepEqual(
      { name: top.name, sales: top.sales, orders: top.orders },
      { name: "Ernst Handel", sales: 35631.21, orders: 10 },
    );
    assert.equal(top.average_order_value, 3563.121);
    assert.equal(f.ranking[f.ranking.length - 1].cumulative_share.toFixed(6), "1.000000");
  });
});
