import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../generate/random.js";
import { fitBgNbd, hyp2f1, integratedExpectation, predictBgNbd, probabilityAlive, type BgNbdParams } from "./bgnbd.js";

/** The published BG/NBD fit on CDNOW (Fader, Hardie and Lee 2005), time in weeks. */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

/**
 * Customers drawn from the BG/NBD process itself, first purchases spread over 12 weeks and observed for 39, as
 * in CDNOW.
 */
function simulate(p: BgNbdParams, n: number, seed: number) {
  const rng = new Random(seed);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = rng.gamma(p.r, p.alpha);
    const drop = rng.beta(p.a, p.b);
    T[i] = 27 + 12 * rng.next();
    // No dropout at the first purchase; after each repeat one with probability `drop`.
    for (let t = rng.exponential(lambda); t <= T[i]; t += rng.exponential(lambda)) {
      x[i]++;
      tx[i] = t;
      if (rng.chance(drop)) break;
    }
  }
  return { x, tx, T };
}

/**
 * The same conditional quantities by direct numeric integration over the
 * posterior of (λ, p), with no hypergeometric function: λ integrated in
 * closed form (gamma integrals), p by the midpoint rule after p = w^(1/a),
 * which absorbs the prior's p^(a-1) singularity.
 */
function integrated(q: BgNbdParams, t: number, x: number, tx: number, T: number) {
  const K = q.r + x;
  const ratio = Math.log(q.alpha + T) - Math.log(q.alpha + tx);
  const N = 400_000;
  let alive = 0;
  let dead = 0;
  let expected = 0;
  for (let k = 0; k < N; k++) {
    const p = ((k + 0.5) / N) ** (1 / q.a);
    const base = (1 - p) ** (q.b - 1 + x); // (1-p)^(b-1) (1-p)^x, relative to (α+T)^-K
    alive += base;
    if (x > 0) dead += (1 - p) ** (q.b - 1 + x - 1) * p * Math.exp(K * ratio);
    expected += (base / p) * -Math.expm1(-K * Math.log1p((p * t) / (q.alpha + T)));
  }
  return { alive: alive / (alive + dead), expected: expected / (alive + dead) };
}

test("BG/NBD recovers the CDNOW parameters from 30,000 simulated customers: r and α within 10%, a and b within 20%", () => {
  const fit = fitBgNbd(simulate(CDNOW, 30_000, 11));
  const off = (k: keyof BgNbdParams) => Math.abs(fit.params[k] / CDNOW[k] - 1);
  assert.ok(off("r") < 0.1 && off("alpha") < 0.1, `r ${fit.params.r}, α ${fit.params.alpha}`);
  assert.ok(off("a") < 0.2 && off("b") < 0.2, `a ${fit.params.a}, b ${fit.params.b}`);
  assert.equal(fit.customers, 30_000);
});

test("the expected purchases match the published CDNOW value: 1.226 in 39 weeks for x = 2, t_x = 30.43, T = 38.86", () => {
  const p = predictBgNbd(CDNOW, 39, { x: [2], tx: [30.43], T: [38.86] });
  assert.equal(Number(p.expected[0].toFixed(3)), 1.226);
});

test("expected purchases and P(alive) agree with direct numeric integration, up to a customer with 400 purchases", () => {
  const cases = [
    [0, 0, 38.86],
    [2, 30.43, 38.86],
    [7, 35, 38.86],
    [1, 2, 38],
    [400, 38.5, 38.86],
  ];
  const closed = predictBgNbd(CDNOW, 39, {
    x: cases.map((c) => c[0]),
    tx: cases.map((c) => c[1]),
    T: cases.map((c) => c[2]),
  });
  cases.forEach(([x, tx, T], i) => {
    const reference = integrated(CDNOW, 39, x, tx, T);
    assert.ok(
      Math.abs(closed.alive[i] - reference.alive) < 1e-6,
      `P(alive) ${closed.alive[i]} vs ${reference.alive} for x = ${x}`,
    );
    assert.ok(
      Math.abs(closed.expected[i] / reference.expected - 1) < 1e-5,
      `E ${closed.expected[i]} vs ${reference.expected} for x = ${x}`,
    );
    assert.ok(Number.isFinite(closed.expected[i]));
  });
  assert.deepEqual(Array.from(probabilityAlive(CDNOW, { x: [0], tx: [0], T: [10] })), [1]);
});

test("the hypergeometric series agrees with closed forms: 2F1(1, 1; 2; z) = -ln(1 - z) / z", () => {
  for (const z of [0.1, 0.5, 0.9, 0.99]) assert.ok(Math.abs(hyp2f1(1, 1, 2, z) + Math.log1p(-z) / z) < 1e-12);
});

test("the chance of buying is P(alive) times the chance of a purchase while alive, and grows with the horizon", () => {
  const data = { x: [3], tx: [20], T: [38] };
  const short = predictBgNbd(CDNOW, 4, data);
  const long = predictBgNbd(CDNOW, 52, data);
  assert.ok(short.buying[0] < long.buying[0] && long.buying[0] < long.alive[0]);
  assert.ok(short.expected[0] < long.expected[0]);
});

test("with a + b < 1 (2F1's C at or below 0 for x = 0) the expectation is integrated instead, and stays finite and consistent", () => {
  const q = { r: 2.5, alpha: 180, a: 0.15, b: 0.77 };
  const p = predictBgNbd(q, 90, { x: [0, 0, 3], tx: [0, 0, 100], T: [10, 200, 150] });
  assert.ok(p.expected.every((e) => Number.isFinite(e) && e > 0));
  // A longer wait without buying means fewer expected purchases.
  assert.ok(p.expected[1] < p.expected[0]);
  // Where the series applies, the integral agrees with it.
  const series = predictBgNbd(CDNOW, 39, { x: [0], tx: [0], T: [38.86] }).expected[0];
  assert.ok(Math.abs(integratedExpectation(CDNOW, 39, 0, 0, 38.86, 20_000) / series - 1) < 1e-3);
});

test("BG/NBD predicts each customer as if alone, when customers share their purchases and days", () => {
  const p = { r: 0.8, alpha: 60, a: 0.6, b: 3.1 };
  // Repeated (x, T) pairs, and the same x or T in other pairs.
  const x = [0, 3, 3, 3, 7, 0, 3, 12, 7, 3, 7, 12];
  const tx = [0, 40, 200, 40, 300, 0, 10, 500, 301, 100, 200, 400];
  const T = [50, 400, 400, 400, 900, 50, 250, 600, 900, 600, 600, 900];
  const together = predictBgNbd(p, 90, { x, tx, T });
  x.forEach((_, i) => {
    const alone = predictBgNbd(p, 90, { x: [x[i]], tx: [tx[i]], T: [T[i]] });
    assert.equal(together.expected[i], alone.expected[0], `customer ${i}: expected`);
    assert.equal(together.buying[i], alone.buying[0], `customer ${i}: buying`);
    assert.equal(together.alive[i], alone.alive[0], `customer ${i}: alive`);
  });
});
