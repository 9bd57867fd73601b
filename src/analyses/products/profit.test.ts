import { test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_COST_ASSUMPTIONS } from "../../config.js";
import { combinedBasis, profitOf } from "./profit.js";
import { quadrantOf } from "./quadrant.js";

test("profit comes from real cost when every line has one", () => {
  assert.deepEqual(
    profitOf({ sales: 1000, cost: 650, uncosted_sales: 0, category: "Beverages" }, DEFAULT_COST_ASSUMPTIONS),
    {
      profit: 350,
      margin: 0.35,
      cost_basis: "actual",
      assumed_margin: null,
    },
  );
});

test("without cost, profit is sales times the category's assumed margin", () => {
  const p = profitOf(
    { sales: 1000, cost: null, uncosted_sales: 1000, category: "Meat/Poultry" },
    DEFAULT_COST_ASSUMPTIONS,
  );
  assert.equal(p.cost_basis, "estimated");
  assert.equal(p.assumed_margin, 0.2);
  assert.equal(p.profit, 200);
  assert.equal(
    profitOf({ sales: 100, cost: null, uncosted_sales: 100, category: "Unknown" }, DEFAULT_COST_ASSUMPTIONS).profit,
    30,
  );
});

test("partly costed sales mix real and assumed cost, and say so", () => {
  const p = profitOf({ sales: 1000, cost: 300, uncosted_sales: 500, category: "Condiments" }, DEFAULT_COST_ASSUMPTIONS);
  assert.equal(p.cost_basis, "mixed");
  assert.equal(p.profit, 500 - 300 + 500 * 0.4);
  assert.equal(combinedBasis(["actual", "estimated"]), "mixed");
  assert.equal(combinedBasis(["actual", "actual"]), "actual");
  assert.equal(combinedBasis([]), "estimated");
});

test("the quadrant invests above both lines, reviews below both, maintains the rest", () => {
  assert.equal(quadrantOf(100, 0.4, 50, 0.3), "invest");
  assert.equal(quadrantOf(50, 0.3, 50, 0.3), "invest");
  assert.equal(quadrantOf(100, 0.1, 50, 0.3), "maintain");
  assert.equal(quadrantOf(10, 0.4, 50, 0.3), "maintain");
  assert.equal(quadrantOf(10, 0.1, 50, 0.3), "review");
  assert.equal(quadrantOf(10, null, 50, 0.3), "review");
});
