import { test } from "node:test";
import assert from "node:assert/strict";
import LogisticRegression from "ml-logistic-regression";
import { Matrix } from "ml-matrix";
import { gradientAscent } from "./gradient-ascent.js";
import { seededRandom } from "../sample.js";

/** m rows of c columns (the first all ones), labels drawn from a logistic model of the next two. */
function design(m: number, c: number, seed: number): { x: Float64Array; y: Float64Array } {
  const random = seededRandom(seed);
  const x = new Float64Array(m * c);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    x[i * c] = 1;
    for (let j = 1; j < c; j++) x[i * c + j] = random() * 4 - 2;
    const z = 0.5 - (c > 1 ? x[i * c + 1] : 0) + (c > 3 ? 0.3 * x[i * c + 3] : 0);
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y };
}

function libraryWeights(x: Float64Array, c: number, y: Float64Array, steps: number, rate: number): number[] {
  const model = LogisticRegression.load({
    name: "LogisticRegression",
    numberClasses: 1,
    classifiers: [{ numSteps: steps, learningRate: rate, weights: null }],
  });
  const rows = Array.from({ length: y.length }, (_, i) => Array.from(x.subarray(i * c, (i + 1) * c)));
  model.classifiers[0].train(new Matrix(rows), Matrix.columnVector(Array.from(y)));
  return model.classifiers[0].weights!.to1DArray();
}

test("gradient ascent gives ml-logistic-regression's weights to the last bit, on typed arrays", () => {
  const m = 2_000;
  const c = 4;
  const { x, y } = design(m, c, 11);
  const rate = 1 / (m * 0.25);
  assert.deepEqual(Array.from(gradientAscent(x, c, y, 60, rate)), libraryWeights(x, c, y, 60, rate));
});

test("gradient ascent gives the library's weights for any number of columns, four to a pass or not", () => {
  for (const c of [1, 2, 3, 5, 7, 8, 9]) {
    const m = 500;
    const { x, y } = design(m, c, 20 + c);
    const rate = 1 / (m * 0.25);
    assert.deepEqual(Array.from(gradientAscent(x, c, y, 30, rate)), libraryWeights(x, c, y, 30, rate), `${c} columns`);
  }
});

test("gradient ascent refuses a design whose size does not match its rows", () => {
  assert.throws(
    () => gradientAscent(new Float64Array(5), 2, new Float64Array(3), 1, 0.1),
    /5 values for 3 rows of 2; expected 6/,
  );
});
