import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { extractWarehouse, postgresWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import type { CustomerFigures } from "../analyses/customers/customers.js";
import type { LocationFigures } from "../analyses/locations/locations.js";
import { buildCube, type SalesCube } from "./cube.js";
import { runAnalyses, type AnalysisRun } from "./index.js";

const figures = <F>(run: AnalysisRun, key: string): F => run.results.find((r) => r.key === key)!.figures as F;

/** Cents by the name of what `of` maps a cell's customer entry to. */
function sum(cube: SalesCube, of: (customer: number) => string, keep: (cell: number) => boolean = () => true) {
  const out = new Map<string, number>();
  cube.cells.customer.forEach((c, i) => {
    if (!keep(i)) return;
    const key = of(c);
    out.set(key, (out.get(key) ?? 0) + cube.cells.cents[i]);
  });
  return out;
}
const countryOf = (cube: SalesCube) => (c: number) => cube.countries[cube.cities[cube.customers[c][1]][1]];

describe("the sales cube the interactive report embeds", () => {
  let duck: TestWarehouse;
  let pg: TestWarehouse;
  let all: AnalysisRun;
  before(async () => {
    [duck, pg] = await Promise.all([extractWarehouse(), postgresWarehouse("cube")]);
    all = await runAnalyses({ only: ["customers", "locations"], db: duck.db, cube: true });
  });
  after(async () => {
    await duck?.dispose();
    await pg?.dispose();
  });

  test("adds up to the headline's sales and orders to the cent", () => {
    const cube = all.cube!;
    assert.equal(
      cube.cells.cents.reduce((s, c) => s + c, 0),
      38642423,
    );
    assert.equal(all.headline.total_sales, 386424.23);
    assert.equal(
      cube.cells.orders.reduce((s, c) => s + c, 0),
      196,
    );
  });

  test("covers every month of the period, July 1996 to February 1997", () => {
    assert.deepEqual(all.cube!.months, [
      "1996-07",
      "1996-08",
      "1996-09",
      "1996-10",
      "1996-11",
      "1996-12",
      "1997-01",
      "1997-02",
    ]);
  });

  test("gives each country the locations ranking's sales, and Ernst Handel first among customers", () => {
    const cube = all.cube!;
    const byCountry = sum(cube, countryOf(cube));
    for (const row of figures<LocationFigures>(all, "locations").ranking)
      assert.equal(byCountry.get(row.name), Math.round(row.sales * 100), row.name);
    const byCustomer = [...sum(cube, (c) => String(cube.customers[c][0])).entries()].sort((a, b) => b[1] - a[1]);
    const first = figures<CustomerFigures>(all, "customers").ranking[0];
    assert.deepEqual(byCustomer[0], ["Ernst Handel", 3563121]);
    assert.equal(first.name, "Ernst Handel");
  });

  test("keeps only the top customers by name and sums the others per city, losing no cent", async () => {
    const run = await runAnalyses({ only: [], db: duck.db, cube: { top: 3 } });
    const cube = run.cube!;
    const top3 = figures<CustomerFigures>(all, "customers")
      .ranking.slice(0, 3)
      .map((r) => r.name);
    assert.deepEqual(top3, ["Ernst Handel", "Mère Paillarde", "Save-a-lot Markets"]);
    assert.deepEqual(
      cube.customers
        .filter(([name]) => name !== null)
        .map(([name]) => name)
        .sort(),
      [...top3].sort(),
    );
    assert.equal(cube.customers.filter(([name]) => name !== null).length, 3);
    // One "other customers" entry per city with sales from anyone else.
    const others = cube.customers.filter(([name]) => name === null).map(([, city]) => city);
    assert.equal(new Set(others).size, others.length);
    assert.deepEqual(sum(cube, countryOf(cube)), sum(all.cube!, countryOf(all.cube!)));
  });

  test("by default keeps every customer of the extract by name (74 ordered, fewer than the top 500)", () => {
    assert.equal(all.cube!.top, 500);
    assert.equal(all.cube!.customers.filter(([name]) => name !== null).length, 74);
    assert.equal(all.cube!.customers.length, 74);
  });

  test("refuses a row outside the period, naming the month", () => {
    assert.throws(
      () =>
        buildCube(
          [{ month: "1999-01", country: "X", city: "Y", customer_id: 1, customer: "Z", sales: 1, orders: 1 }],
          ["1997-01"],
          1,
        ),
      /month 1999-01 lies outside the period 1997-01\.\.1997-01/,
    );
  });

  test("is the same on PostgreSQL as on DuckDB", async () => {
    const onPg = await runAnalyses({ only: [], db: pg.db, cube: true });
    const onDuck = await runAnalyses({ only: [], db: duck.db, cube: true });
    assert.deepEqual(onPg.cube, onDuck.cube);
  });

  test("for January 1997 holds one month and its 33 orders", async () => {
    const run = await runAnalyses({ only: [], db: duck.db, period: "1997-01", cube: true });
    assert.deepEqual(run.cube!.months, ["1997-01"]);
    assert.equal(
      run.cube!.cells.orders.reduce((s, c) => s + c, 0),
      33,
    );
  });
});
