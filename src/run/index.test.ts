import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { Database } from "../db/adapter.js";
import type { QueryRecord } from "../analyse/analysis.js";
import type { CustomerFigures } from "../analyses/customers/customers.js";
import type { EmployeeFigures } from "../analyses/employees/employees.js";
import { FilterError } from "../analyse/filters.js";
import { extractWarehouse, postgresWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import { managementAnalyses, runAnalyses, type AnalysisRun } from "./index.js";
import { ORDER_SIZES } from "./fixtures/order-sizes.js";
import { registerAnalysis, unregisterAnalysis, type AnalysisEntry } from "./registry.js";
import type { LocationFigures } from "../analyses/locations/locations.js";
import { figuresDocument } from "./outputs.js";
import { PeriodError } from "../analyse/period.js";
import type { ProductFigures } from "../analyses/products/products.js";
import { commentaryMarkdown } from "../analyse/commentary/commentary.js";

const figures = <F>(run: AnalysisRun, key: string): F => run.results.find((r) => r.key === key)!.figures as F;

/**
 * The truth, written independently of the analyses: straight from the base
 * tables, without the semantic layer's views or the analyses' templates.
 */
async function truth(db: Database, where: string) {
  const from = `
    FROM order_details d
    JOIN orders o ON o.order_id = d.order_id
    JOIN products p ON p.product_id = d.product_id
    JOIN customers c ON c.customer_id = o.customer_id
    JOIN employees e ON e.employee_id = o.employee_id
    WHERE ${where}`;
  const top = async (name: string) =>
    (
      await db.query<{ name: string; sales: number }>(
        `SELECT ${name} AS name, SUM(d.quantity * p.price) AS sales ${from} GROUP BY ${name} ORDER BY sales DESC LIMIT 1`,
      )
    )[0];
  const [totals] = await db.query<{ sales: number; orders: number; customers: number }>(
    `SELECT SUM(d.quantity * p.price) AS sales, COUNT(DISTINCT o.order_id) AS orders, COUNT(DISTINCT o.customer_id) AS customers ${from}`,
  );
  return {
    ...totals,
    customer: await top("c.customer_name"),
    country: await top("c.country"),
    product: await top("p.product_name"),
    employee: await top("CONCAT(e.first_name, ' ', e.last_name)"),
  };
}

function assertMatchesTruth(run: AnalysisRun, t: Awaited<ReturnType<typeof truth>>) {
  assert.equal(run.headline.total_sales, t.sales);
  assert.equal(run.headline.orders, t.orders);
  assert.equal(run.headline.active_customers, t.customers);
  const c = figures<CustomerFigures>(run, "customers").ranking[0];
  assert.deepEqual({ name: c.name, sales: c.sales }, t.customer);
  const l = figures<LocationFigures>(run, "locations").ranking[0];
  assert.deepEqual({ name: l.name, sales: l.sales }, t.country);
  const p = figures<ProductFigures>(run, "products").ranking[0];
  assert.deepEqual({ name: p.name, sales: p.sales }, t.product);
  const e = figures<EmployeeFigures>(run, "employees").ranking[0];
  assert.deepEqual({ name: e.name, sales: e.sales }, t.employee);
}

describe("the analyses on the extract", () => {
  let duck: TestWarehouse;
  let pg: TestWarehouse;
  let all: AnalysisRun;
  let allPg: AnalysisRun;
  before(async () => {
    [duck, pg] = await Promise.all([extractWarehouse(), postgresWarehouse("analyses")]);
    all = await runAnalyses({ only: managementAnalyses(), db: duck.db });
    allPg = await runAnalyses({ only: managementAnalyses(), db: pg.db });
  });
  after(async () => {
    await duck?.dispose();
    await pg?.dispose();
  });

  test("with period all, the figures reproduce the data README exactly", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document
    const doc = figuresDocument(all) as Record<string, any>;
    assert.equal(doc.period, "all");
    assert.equal(doc.total_sales, 386424.23);
    assert.equal(doc.orders, 196);
    assert.equal(doc.active_customers, 74);
    assert.equal(doc.customers.customer_base, 91);
    assert.deepEqual(pick(doc.customers.ranking[0]), { name: "Ernst Handel", sales: 35631.21 });
    assert.deepEqual(pick(doc.locations.ranking[0]), { name: "USA", sales: 69611.75 });
    assert.deepEqual(pick(doc.products.ranking[0]), { name: "Côte de Blaye", sales: 62976.5 });
    assert.deepEqual(pick(doc.employees.ranking[0]), { name: "Margaret Peacock", sales: 105696.5 });
    for (const key of ["customers", "locations", "products", "employees"]) {
      const ranking: { sales: number }[] = doc[key].ranking;
      assert.ok(
        ranking.every((r, i) => i === 0 || ranking[i - 1].sales >= r.sales),
        `${key} ranking is sorted by sales`,
      );
      assert.equal(typeof (doc[key].commentary as { finding: unknown }).finding, "string");
      assert.ok((doc[key].commentary as { finding: string }).finding.length > 50);
    }
  });

  test("PostgreSQL gives the same figures.json as DuckDB, to the last key", () => {
    assert.deepEqual(figuresDocument(allPg), figuresDocument(all));
  });

  test("with period all, every ranking adds up to the total", () => {
    for (const key of ["customers", "locations", "products", "employees"]) {
      const ranking = figures<{ ranking: { sales: number }[] }>(all, key).ranking;
      assert.equal(Math.round(ranking.reduce((s, r) => s + r.sales, 0) * 100) / 100, 386424.23, key);
    }
  });

  test("1997-01 gives the figures independent SQL gives, unlike period all", async () => {
    const run = await runAnalyses({ only: managementAnalyses(), db: duck.db, period: "1997-01" });
    const t = await truth(duck.db, "o.order_date >= DATE '1997-01-01' AND o.order_date < DATE '1997-02-01'");
    assertMatchesTruth(run, t);
    assert.equal(run.headline.orders, 33);
    assert.notEqual(run.headline.total_sales, all.headline.total_sales);
    // December 1996 is wholly in the data, so growth is computed.
    const dec = await truth(duck.db, "o.order_date >= DATE '1996-12-01' AND o.order_date < DATE '1997-01-01'");
    assert.equal(run.headline.previous.total_sales, dec.sales);
    assert.equal(run.headline.change.total_sales, t.sales / dec.sales - 1);
  });

  test("1997-01 on PostgreSQL gives the same figures as on DuckDB", async () => {
    const [a, b] = [
      await runAnalyses({ only: managementAnalyses(), db: duck.db, period: "1997-01" }),
      await runAnalyses({ only: managementAnalyses(), db: pg.db, period: "1997-01" }),
    ];
    assert.deepEqual(figuresDocument(b), figuresDocument(a));
  });

  test("--country Germany keeps only German customers, as independent SQL says", async () => {
    const run = await runAnalyses({ only: managementAnalyses(), db: duck.db, filters: { country: "germany" } });
    assert.deepEqual(run.filters, { country: "Germany" });
    const t = await truth(duck.db, "c.country = 'Germany'");
    assertMatchesTruth(run, t);
    assert.deepEqual(
      figures<LocationFigures>(run, "locations").ranking.map((r) => r.name),
      ["Germany"],
    );
    assert.ok(figures<CustomerFigures>(run, "customers").ranking.every((r) => r.country === "Germany"));
    assert.notEqual(run.headline.total_sales, all.headline.total_sales);
  });

  test("--category Beverages keeps only beverages, as independent SQL says", async () => {
    const run = await runAnalyses({
      only: managementAnalyses(),
      db: duck.db,
      period: "1996-09..1997-01",
      filters: { category: "Beverages" },
    });
    const t = await truth(
      duck.db,
      "p.category_id = 1 AND o.order_date >= DATE '1996-09-01' AND o.order_date < DATE '1997-02-01'",
    );
    assertMatchesTruth(run, t);
    assert.deepEqual(
      figures<ProductFigures>(run, "products").categories.map((c) => c.name),
      ["Beverages"],
    );
  });

  test("the analyses, which read the per-order sums of the load (or the lines, under a category filter), reconcile with the sales_lines view", async () => {
    const cases: [string | undefined, { country?: string; category?: string }, string][] = [
      [undefined, {}, "TRUE"],
      ["1997-01", {}, "order_date >= DATE '1997-01-01' AND order_date < DATE '1997-02-01'"],
      [undefined, { country: "Germany" }, "country = 'Germany'"],
      [
        "1996-Q4",
        { category: "Seafood" },
        "category_name = 'Seafood' AND order_date >= DATE '1996-10-01' AND order_date < DATE '1997-01-01'",
      ],
    ];
    for (const [period, filters, where] of cases) {
      const run = await runAnalyses({ only: managementAnalyses(), db: duck.db, period, filters });
      const view = await duck.db.query<{ sales: number; units: number; orders: number; lines: number }>(
        `SELECT SUM(sales) AS sales, SUM(quantity) AS units, COUNT(DISTINCT order_id) AS orders, COUNT(*) AS lines FROM sales_lines WHERE ${where}`,
      );
      const products = figures<ProductFigures>(run, "products");
      assert.deepEqual(
        {
          sales: run.headline.total_sales,
          units: run.headline.units,
          orders: run.headline.orders,
          lines: products.ranking.reduce((n, r) => n + r.order_lines, 0),
        },
        view[0],
        where,
      );
      assert.equal(Math.round(products.total_sales * 100) / 100, view[0].sales, where);
    }
  });

  test("growth is not computed when the previous period lies before the data", () => {
    assert.equal(all.headline.comparable, false);
    assert.equal(all.headline.change.total_sales, null);
    assert.match(all.headline.comparison_note ?? "", /no orders before 1996-07-04/);
    assert.ok(figures<CustomerFigures>(all, "customers").ranking.every((r) => r.change === null));
  });

  test("a period the data does not reach is an error that says where the data is", async () => {
    await assert.rejects(
      runAnalyses({ only: managementAnalyses(), db: duck.db, period: "2030" }),
      (e: Error) => e instanceof PeriodError && /1996-07-04 to 1997-02-12/.test(e.message),
    );
    await assert.rejects(runAnalyses({ only: managementAnalyses(), db: duck.db, period: "1997-13" }), PeriodError);
  });

  test("an unknown country or category is an error that lists the choices", async () => {
    await assert.rejects(
      runAnalyses({ only: managementAnalyses(), db: duck.db, filters: { country: "Atlantis" } }),
      (e: Error) => e instanceof FilterError && /Austria, Belgium, Brazil/.test(e.message),
    );
    await assert.rejects(
      runAnalyses({ only: managementAnalyses(), db: duck.db, filters: { category: "Toys" } }),
      (e: Error) => e instanceof FilterError && /Beverages/.test(e.message),
    );
  });

  test("a filter without sales in the period gives empty rankings and says so", async () => {
    const run = await runAnalyses({
      only: managementAnalyses(),
      db: duck.db,
      period: "1996-07",
      filters: { country: "Poland" },
    });
    assert.equal(run.headline.total_sales, 0);
    for (const r of run.results)
      assert.match(commentaryMarkdown(r.commentary), /^\*\*Finding\.\*\* (There were no|No )/);
  });

  test("the registry also runs customer segmentation and the sales prediction, into figures.json", async () => {
    const run = await runAnalyses({ db: duck.db });
    assert.deepEqual(
      run.results.map((r) => r.key),
      ["overview", "customers", "locations", "products", "employees", "segments", "prediction"],
    );
    const doc = figuresDocument(run);
    assert.ok("segments" in doc && "prediction" in doc);
    await assert.rejects(
      runAnalyses({ db: duck.db, only: ["loyalty"] }),
      /Unknown analysis loyalty: expected overview, quality, exploration, customers/,
    );
    await assert.rejects(
      runAnalyses({ db: duck.db, only: ["customer"] }),
      /Unknown analysis customer \(did you mean customers\?\): expected overview/,
    );
  });

  test("when the period's last day has orders, prediction's latest snapshot is segmentation's read, listed once", async () => {
    const run = await runAnalyses({ db: duck.db, period: "1996-12", only: ["segments", "prediction"] });
    const features = (queries: QueryRecord[]) => queries.filter((q) => q.name === "models/customer_features");
    const [latest] = features(run.queriesOf.segments);
    assert.equal(latest.params.as_of, "1996-12-31");
    assert.ok(features(run.queriesOf.prediction).includes(latest));
    assert.equal(features(run.queries).length, features(run.queriesOf.prediction).length);
    assert.equal(new Set(run.queries).size, run.queries.length);
  });

  test("every query is logged with its name and row count", () => {
    const names = all.queries.map((q) => q.name);
    assert.ok(
      ["analyses/run/orders", "analyses/customer_tiers", "analyses/employees", "analyses/products"].every((n) =>
        names.includes(n),
      ),
    );
    assert.equal(all.queries.find((q) => q.name === "analyses/employees")?.rows, 10);
    assert.equal(names.filter((n) => n === "analyses/coverage").length, 1);
  });
});

function pick(row: { name: string; sales: number }) {
  return { name: row.name, sales: row.sales };
}

describe("a warehouse loaded by an earlier version", () => {
  test("is refused with what it lacks and how to rebuild it, before any query fails", async () => {
    const old = await extractWarehouse();
    try {
      await old.db.exec("DROP TABLE order_sales");
      await assert.rejects(
        runAnalyses({ db: old.db, only: managementAnalyses() }),
        /has no order_sales: load it \(again\) with npm run warehouse/,
      );
    } finally {
      await old.dispose();
    }
  });
});

describe("the run's tables", () => {
  let w: TestWarehouse;
  /** Whether each probe saw the run's tables when it ran. */
  const saw: Record<string, boolean> = {};
  const probe = (key: string, readsRunTables: boolean): AnalysisEntry => ({
    ...ORDER_SIZES,
    key,
    readsRunTables,
    run: async (ctx) => {
      const [{ n }] = await ctx.db.query<{ n: number }>(
        "SELECT COUNT(*) AS n FROM duckdb_tables() WHERE temporary AND table_name LIKE 'analysis_orders_%'",
      );
      saw[key] = Number(n) > 0;
      return ORDER_SIZES.run(ctx);
    },
  });
  before(async () => {
    // In this order: one that reads only the warehouse, then one that reads the run's tables.
    registerAnalysis(probe("own_data", false));
    registerAnalysis(probe("reads_tables", true));
    w = await extractWarehouse();
  });
  after(async () => {
    unregisterAnalysis("reads_tables");
    unregisterAnalysis("own_data");
    await w.dispose();
  });

  test("are dropped before the analyses left read only the warehouse (the models), and not before", async () => {
    await runAnalyses({ db: w.db, only: ["own_data"] });
    assert.equal(saw.own_data, false);
    // An analysis that reads them, after one that does not, keeps them for both.
    await runAnalyses({ db: w.db, only: ["own_data", "reads_tables"] });
    assert.deepEqual(saw, { own_data: true, reads_tables: true });
  });

  test("the report's cube is queried from them before they go, ahead of the models", async () => {
    const run = await runAnalyses({ db: w.db, only: ["segments", "prediction"], cube: true });
    assert.ok(run.cube);
    const names = run.queries.map((q) => q.name);
    const firstModel = names.findIndex((n) => n.startsWith("models/"));
    assert.ok(names.findLastIndex((n) => n === "analyses/sales_cube") < firstModel, names.join(", "));
  });
});
