import { test } from "node:test";
import assert from "node:assert/strict";
import { auc, brier, errors, mae, rmse, scorecard } from "./metrics.js";
import { seededRandom } from "../sample.js";

test("AUC is 0.75 on the textbook example of four cases", () => {
  assert.equal(auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]), 0.75);
});

test("AUC counts a tie between a buyer and a non-buyer as half a correct ordering", () => {
  // Pairs (buyer, non-buyer): (0.5, 0.5) tie = 0.5, (0.5, 0.2) = 1, (0.9, 0.5) = 1, (0.9, 0.2) = 1 → 3.5 / 4.
  assert.equal(auc([0.5, 0.5, 0.2, 0.9], [1, 0, 0, 1]), 0.875);
});

test("AUC of a constant score is exactly 0.5, and null when only one class is present", () => {
  assert.equal(auc([3, 3, 3, 3], [1, 0, 1, 0]), 0.5);
  assert.equal(auc([0.1, 0.9], [1, 1]), null);
});

test("AUC equals the share of buyer and non-buyer pairs ranked right, ties half, exactly, on scores with many ties", () => {
  const random = seededRandom(5);
  for (let trial = 0; trial < 200; trial++) {
    const n = 2 + Math.floor(random() * 150);
    const scores = Array.from({ length: n }, () => {
      const r = random();
      return r < 0.2 ? 0 : r < 0.25 ? -0 : r < 0.5 ? Math.floor(random() * 4) : r < 0.6 ? -random() : random();
    });
    const bought = Array.from({ length: n }, () => (random() < 0.4 ? 1 : 0));
    let pairs = 0;
    let right = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (bought[i] && !bought[j]) {
          pairs++;
          right += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
        }
    assert.equal(auc(scores, bought), pairs === 0 ? null : right / pairs, `trial ${trial}`);
  }
});

test("Brier score is the mean squared gap between probability and outcome", () => {
  assert.ok(Math.abs(brier([0.9, 0.2, 0.6], [1, 0, 0])! - 0.41 / 3) < 1e-12);
  assert.throws(() => brier([1.5], [1]), /probability 0 is 1.5, expected a number from 0 to 1/);
});

test("MAE and RMSE match hand computations", () => {
  assert.ok(Math.abs(mae([10, 0, 5], [12, 3, 5]) - 5 / 3) < 1e-12);
  assert.ok(Math.abs(rmse([10, 0, 5], [12, 3, 5]) - Math.sqrt(13 / 3)) < 1e-12);
  assert.throws(() => mae([1, 2], [1]), /2 predictions for 1 outcomes/);
});

test("a scorecard adds totals and the relative error of the total", () => {
  const card = scorecard({ predicted: [10, 1, 5], actual: [12, 0, 8], probability: [0.9, 0.2, 0.6] });
  assert.equal(card.total_predicted, 16);
  assert.equal(card.total_actual, 20);
  assert.equal(card.total_error, -0.2);
  assert.equal(card.auc, 1); // both buyers ranked above the one non-buyer
  assert.ok(Math.abs(card.brier! - (0.01 + 0.04 + 0.16) / 3) < 1e-12);
  assert.equal(scorecard({ predicted: [1, 2], actual: [0, 3] }).brier, null);
});

test("the errors alone are the scorecard's MAE and totals, to the bit", () => {
  const random = seededRandom(3);
  const predicted = Array.from({ length: 1000 }, () => random() * 100);
  const actual = Array.from({ length: 1000 }, () => (random() < 0.3 ? random() * 300 : 0));
  const card = scorecard({ predicted, actual });
  assert.deepEqual(errors(predicted, actual), {
    mae: card.mae,
    total_predicted: card.total_predicted,
    total_actual: card.total_actual,
    total_error: card.total_error,
  });
  assert.deepEqual(errors([10, 1, 5], [12, 0, 8]), {
    mae: 2, // (2 + 1 + 3) / 3
    total_predicted: 16,
    total_actual: 20,
    total_error: -0.2,
  });
  assert.equal(errors([1], [0]).total_error, null);
  assert.throws(() => errors([1, 2], [1]), /errors: 2 predictions for 1 outcomes/);
});
