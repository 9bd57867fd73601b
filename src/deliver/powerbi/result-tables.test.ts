import assert from "node:assert/strict";
import { test } from "node:test";
import type { PerCustomer } from "../../analyse/analysis.js";
import { resultRows } from "./result-tables.js";

const answers = (customer_id: number[]): { key: string; figures: object; perCustomer: PerCustomer }[] => [
  {
    key: "customers",
    figures: {},
    perCustomer: { customer_id, columns: { loyalty_tier: customer_id.map((id) => `tier ${id}`) } },
  },
  {
    key: "prediction",
    figures: {},
    perCustomer: { customer_id: [customer_id[0]], columns: { predicted_sales: [12.5] } },
  },
];

test("customer_results lists each customer once by id, each analysis' answer on the customer's row", () => {
  const { customer_results: r } = resultRows(answers([30, 7, 12]), []);
  assert.equal(r.length, 3);
  assert.deepEqual(Array.from(r.columns.customer_id), [7, 12, 30]);
  assert.deepEqual(r.columns.loyalty_tier, ["tier 7", "tier 12", "tier 30"]);
  // Numbers are a typed array, NaN for a customer without an answer (an empty cell in the CSV, as null was).
  assert.deepEqual(Array.from(r.columns.predicted_sales), [NaN, NaN, 12.5]);
});

test("ids that are not small whole numbers are placed the same way", () => {
  const { customer_results: r } = resultRows(answers([2.5, -1, 1e12]), []);
  assert.deepEqual(Array.from(r.columns.customer_id), [-1, 2.5, 1e12]);
  assert.deepEqual(r.columns.loyalty_tier, ["tier -1", "tier 2.5", "tier 1000000000000"]);
  assert.deepEqual(Array.from(r.columns.predicted_sales), [NaN, 12.5, NaN]);
});

test("a value in a numeric column that is no number is an error naming the column", () => {
  const bad = answers([1]);
  bad[1].perCustomer.columns.predicted_sales = ["12.5"];
  assert.throws(() => resultRows(bad, []), /customer_results\.predicted_sales: expected a number or null, got "12\.5"/);
});
