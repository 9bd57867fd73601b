import { test } from "node:test";
import assert from "node:assert/strict";
import type { Metrics } from "./metrics.js";
import { customerVerdict, describeGap, type VerdictInput } from "./verdict.js";

const card = (mae: number, total_predicted: number, total_actual = 100_000, auc: number | null = 0.7): Metrics => ({
  auc,
  brier: 0.2,
  mae,
  rmse: mae * 2,
  total_predicted,
  total_actual,
  total_error: (total_predicted - total_actual) / total_actual,
});

const input = (over: Partial<VerdictInput>): VerdictInput => ({
  window: { from: "1999-04-02", to: "1999-06-30", days: 90 },
  customers_scored: 2000,
  customers_with_history: 2000,
  buyers: 800,
  model: card(900, 104_000),
  baselines: { last_window: card(1000, 97_000), average_window: card(1100, 130_000) },
  best_baseline: "last_window",
  ...over,
});

test("a model that beats the better rule with a total within 15% is good for planning", () => {
  const v = customerVerdict(input({}));
  assert.equal(v.trust, "good");
  assert.match(
    v.verdict,
    /^Tested on 1999-04-02 to 1999-06-30 \(90 days it never saw\), 2,000 customers of whom 800 bought: the model missed by \$900\.00 per customer on average, against \$1,000\.00 for the simple rule "each customer buys again what they bought in the previous window"; its total was \$104,000\.00 against \$100,000\.00 actual \(4\.0% above\)\. It ranked a buyer above a non-buyer 70\.0% of the time/,
  );
});

test("a model that does not beat the rule is called useless, whatever its total", () => {
  const v = customerVerdict(input({ model: card(1000.01, 100_000) }));
  assert.equal(v.trust, "none");
  assert.match(v.verdict, /does no better than the simple rule: do not rely on it/);
});

test("a model whose total is more than 15% off is for ranking only", () => {
  const v = customerVerdict(input({ model: card(900, 80_000) }));
  assert.equal(v.trust, "ranking");
  assert.match(v.verdict, /20\.0% below\)/);
  assert.match(v.verdict, /use it to choose whom to contact, not to plan revenue/);
});

test("under 200 customers with history or 50 buyers the verdict is low trust, and says if the model lost", () => {
  assert.equal(customerVerdict(input({ customers_with_history: 199 })).trust, "low");
  const v = customerVerdict(input({ buyers: 49, model: card(1200, 100_000) }));
  assert.equal(v.trust, "low");
  assert.match(v.verdict, /could be chance, and here the model did not even beat the simple rule\./);
});

test("gaps are described in words", () => {
  assert.equal(describeGap(0.0321), "3.2% above");
  assert.equal(describeGap(-0.12), "12.0% below");
  assert.equal(describeGap(0.0001), "exact");
});
