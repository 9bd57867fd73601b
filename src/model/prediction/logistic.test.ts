import { test } from "node:test";
import assert from "node:assert/strict";
import { fitLogistic, probabilities, sampleRows } from "./logistic.js";
import { seededRandom } from "../sample.js";

/** Rows from a known logistic model with two strongly correlated features and a third on its own scale. */
function simulate(n: number, seed: number) {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const d = 3;
  const x = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const a = normal();
    const b = 0.9 * a + 0.45 * normal(); // correlation about 0.9
    const c = 5 + 2 * normal();
    x.set([a, b, c], i * d);
    const z = -1 + 1.0 * a - 0.5 * b + 0.25 * c;
    y[i] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return { x, y, d };
}

test("the logistic fit recovers known coefficients from correlated features and reports convergence", () => {
  const { x, y, d } = simulate(10_000, 3);
  const fit = fitLogistic(x, d, y);
  assert.equal(fit.solver.library, "batch-gradient-ascent");
  assert.equal(fit.solver.sampled_rows, 10_000);
  assert.ok(fit.solver.converged, `max gradient ${fit.solver.max_gradient}`);
  const expected = [1.0, -0.5, 0.25];
  fit.weights.forEach((w, j) => assert.ok(Math.abs(w - expected[j]) < 0.12, `weight ${j}: ${w} vs ${expected[j]}`));
  assert.ok(Math.abs(fit.intercept - -1) < 0.25, `intercept ${fit.intercept}`);
});

test("training uses a seeded sample of at most maxRows rows, the same on every run", () => {
  const { x, y, d } = simulate(5_000, 4);
  const a = fitLogistic(x, d, y, { maxRows: 1_000, seed: 9 });
  const b = fitLogistic(x, d, y, { maxRows: 1_000, seed: 9 });
  assert.equal(a.solver.rows, 5_000);
  assert.equal(a.solver.sampled_rows, 1_000);
  assert.deepEqual(a.weights, b.weights);
  const sample = sampleRows(10, 4, 1);
  assert.equal(sample.length, 4);
  assert.equal(new Set(sample).size, 4);
});

test("a constant feature gets no weight instead of breaking the fit", () => {
  const { x, y } = simulate(2_000, 5);
  const withConstant = new Float64Array(2_000 * 4);
  for (let i = 0; i < 2_000; i++) withConstant.set([x[i * 3], x[i * 3 + 1], x[i * 3 + 2], 7], i * 4);
  const fit = fitLogistic(withConstant, 4, y);
  assert.ok(fit.weights.every(Number.isFinite));
  assert.ok(Math.abs(fit.weights[3]) < 1e-6, `weight of the constant: ${fit.weights[3]}`);
});

test("probabilities are the sigmoid of the linear score", () => {
  const p = probabilities({ intercept: 0, weights: [1, -1] }, new Float64Array([0, 0, 2, 0, 0, 3]), 2);
  assert.equal(p[0], 0.5);
  assert.ok(Math.abs(p[1] - 1 / (1 + Math.exp(-2))) < 1e-15);
  assert.ok(Math.abs(p[2] - 1 / (1 + Math.exp(3))) < 1e-15);
});
