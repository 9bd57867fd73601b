import assert from "node:assert/strict";
import { test } from "node:test";
import { BTYD_LABELS, BTYD_PROFILES, planBtydPopulation } from "./btyd.js";
import { monthWeight, Timeline } from "./business.js";
import { parseIsoDate } from "./calendar.js";

const timeline = new Timeline(parseIsoDate("1996-07-01")!, 24);

test("the BTYD process draws heterogeneous customers: gamma rates, beta dropout, gamma baskets, joins over the history", () => {
  const profile = BTYD_PROFILES["small-customers"];
  const p = planBtydPopulation(20_000, 7, timeline, 8, profile, 30_000);
  const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;
  const sd = (v: ArrayLike<number>) => Math.sqrt(mean(Array.from(v, (x) => (x - mean(v)) ** 2)));
  // Gamma(0.4) rates: coefficient of variation 1 / sqrt(0.4) = 1.58.
  assert.ok(Math.abs(sd(p.rate) / mean(p.rate) - 1 / Math.sqrt(profile.rateShape)) < 0.1);
  const dropped = Array.from(p.type).filter((t) => t === 1).length / p.size;
  assert.ok(dropped > 0.2 && dropped < 0.8, `dropped out ${dropped}`);
  assert.deepEqual(p.labels, BTYD_LABELS);
  assert.equal(p.decline, false);
  assert.ok(Math.abs(mean(p.units) - profile.basketMean) < 0.3, `basket ${mean(p.units)}`);
  assert.ok(Array.from(p.joinDay).every((d) => d >= 0 && d < timeline.days));
  // The rates are scaled so that the repeat orders come to what was asked (before the season's adjustment).
  let expected = 0;
  for (let c = 0; c < p.size; c++) for (let m = 0; m < timeline.months; m++) expected += monthWeight(p, c, timeline, m);
  assert.ok(Math.abs(expected / 30_000 - 1) < 0.1, `expected repeat orders ${expected}`);
});

test("too many orders for the customers to place before they drop out is refused with what to change", () => {
  assert.throws(
    () => planBtydPopulation(10, 7, timeline, 8, BTYD_PROFILES["small-customers"], 1e9),
    /cannot place 1,000,000,000 repeat orders: its 10 customers drop out before that; add customers or lower --orders/,
  );
});
