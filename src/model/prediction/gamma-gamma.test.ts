import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../generate/random.js";
import { expectedOrderValue, fitGammaGamma, type GammaGammaParams } from "./gamma-gamma.js";

/** The published Gamma-Gamma fit on CDNOW (Fader, Hardie and Lee 2005, "RFM and CLV"). */
const CDNOW: GammaGammaParams = { p: 6.25, q: 3.74, gamma: 15.44 };

test("Gamma-Gamma recovers the CDNOW parameters from 20,000 simulated customers within 15%", () => {
  const rng = new Random(5);
  const n = 20_000;
  const orders = new Float64Array(n);
  const mean = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nu = rng.gamma(CDNOW.q, CDNOW.gamma);
    orders[i] = 1 + rng.poisson(2);
    let sum = 0;
    for (let k = 0; k < orders[i]; k++) sum += rng.gamma(CDNOW.p, nu);
    mean[i] = sum / orders[i];
  }
  const fit = fitGammaGamma(orders, mean);
  for (const k of ["p", "q", "gamma"] as const)
    assert.ok(Math.abs(fit.params[k] / CDNOW[k] - 1) < 0.15, `${k} ${fit.params[k]}`);
});

test("the expected order value is the published weighted mean of the population's and the customer's", () => {
  // p (γ + x m) / (p x + q - 1) for x = 2, m = 35: 6.25 (15.44 + 70) / (12.5 + 2.74).
  const [one, none] = expectedOrderValue(CDNOW, [2, 0], [35, 0]);
  assert.ok(Math.abs(one - (6.25 * 85.44) / 15.24) < 1e-9);
  assert.ok(Math.abs(none - (6.25 * 15.44) / 2.74) < 1e-9);
});
