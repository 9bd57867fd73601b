import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { generatedWarehouse, type TestWarehouse } from "../../analyse/fixtures.js";
import { runAnalyses } from "../../run/index.js";
import type { EmployeeFigures } from "./employees.js";

describe("employees' customers", () => {
  let duck: TestWarehouse;
  before(async () => (duck = await generatedWarehouse(3000)));
  after(async () => duck?.dispose());

  test("on DuckDB each employee's customers are counted as bits, and are COUNT(DISTINCT)'s", async () => {
    const run = await runAnalyses({ only: ["employees"], db: duck.db });
    const query = run.queries.find((q) => q.name === "analyses/employees")!;
    assert.match(query.sql, /bitstring_agg\(CASE WHEN o\.is_current = 1 THEN o\.customer_id END, \d+, \d+\)/);
    const truth = await duck.db.query<{ employee_id: number; customers: number }>(
      `SELECT employee_id, COUNT(DISTINCT customer_id) AS customers FROM order_sales
       WHERE order_date >= CAST($start AS DATE) AND order_date < CAST($end AS DATE) GROUP BY employee_id`,
      { start: run.period.start, end: run.period.end },
    );
    const figures = run.results.find((r) => r.key === "employees")!.figures as EmployeeFigures;
    const counted = new Map(figures.ranking.map((e) => [e.employee_id, e.customers]));
    assert.ok(truth.length > 3);
    for (const t of truth) assert.equal(counted.get(Number(t.employee_id)), Number(t.customers));
  });
});
