import { test } from "node:test";
import assert from "node:assert/strict";
import LogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import { gradientAscent } from "./gradient-ascent.js";
import { seededRandom } from "../sample.js";

test("gradient ascent gives ml-logistic-regression's weights to the last bit, on typed arrays", () => {
  const random = seededRandom(11);
  const m = 2_000;
  const c = 4;
  const x = new Float64Array(m * c);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    x[i * c] = 1;
    for (let j = 1; j < c; j++) x[i * c + j] = random() * 4 - 2;
    y[i] = random() < 1 / (1 + Math.exp(-(0.5 - x[i * c + 1] + 0.3 * x[i * c + 3]))) ? 1 : 0;
  }
  const rate = 1 / (m * 0.25);
  const model = LogisticRegression.load({
    name: "LogisticRegression",
    numberClasses: 1,
    classifiers: [{ numSteps: 60, learningRate: rate, weights: null }],
  });
  const rows = Array.from({ length: m }, (_, i) => Array.from(x.subarray(i * c, (i + 1) * c)));
  model.classifiers[0].train(new Matrix(rows), Matrix.columnVector(Array.from(y)));
  const library = model.classifiers[0].weights!.to1DArray();
  assert.deepEqual(Array.from(gradientAscent(x, c, y, 60, rate)), library);
});

test("gradient ascent refuses a design whose size does not match its rows", () => {
  assert.throws(
    () => gradientAscent(new Float64Array(5), 2, new Float64Array(3), 1, 0.1),
    /5 values for 3 rows of 2; expected 6/,
  );
});
