/**
 * A customer process with the heterogeneity real purchase data has (issue
 * 16), the buy-till-you-die story the BG/NBD and Gamma-Gamma models tell:
 *
 *   - every customer joins (and places a first order) on a day spread evenly
 *     over the history: new customers keep arriving, as in a shop;
 *   - while alive a customer buys at their own rate λ ~ Gamma(r) (most buy
 *     rarely, a few often);
 *   - after each repeat order they drop out with their own probability
 *     p ~ Beta(a, b): the number of repeat orders before dropping out is
 *     geometric, and the day they drop out is the day of that last order,
 *     Gamma(K) / λ after joining;
 *   - their mean basket (units per line) is drawn from a gamma, so mean
 *     spend varies from customer to customer around the population's.
 *
 * The rates' scale is solved for so that the expected orders come to the
 * data set's --orders; the generator's monthly schedule then places the
 * orders in each customer's active days (weekdays, with the season), which
 * fixes the total exactly and makes the count while alive Poisson-like.
 *
 * Ground truth in CustomerTypes.csv: "active" or "dropped out" by the end of
 * the history.
 */

import { GenerateOptionError } from "./errors.js";
import type { Population, Timeline } from "./business.js";
import { Random } from "./random.js";

export interface BtydProfile {
  /** What --help and the README say about it. */
  description: string;
  /** Shape of the gamma of purchase rates (below 1: most customers buy rarely). */
  rateShape: number;
  /** Beta(a, b) of the dropout chance after each repeat order; mean a / (a + b). */
  dropout: readonly [a: number, b: number];
  /** Gamma of each customer's median units per order line: shape and mean. */
  basketShape: number;
  basketMean: number;
  /** Default customers per order (customers = orders x this). */
  customersPerOrder: number;
}

export const BTYD_PROFILES = {
  btyd: {
    description: "buy-till-you-die customers: gamma purchase rates, beta dropout, gamma baskets of business size",
    rateShape: 0.6,
    dropout: [0.8, 3],
    basketShape: 2,
    basketMean: 15,
    customersPerOrder: 1 / 8,
  },
  "small-customers": {
    description:
      "many small repeat buyers (one customer per three orders), the same process with baskets of a unit or two",
    rateShape: 0.4,
    dropout: [0.7, 2.5],
    basketShape: 1.5,
    basketMean: 1.6,
    customersPerOrder: 1 / 3,
  },
} as const satisfies Record<string, BtydProfile>;

export type BtydProfileName = keyof typeof BTYD_PROFILES;

export const BTYD_LABELS = ["active", "dropped out"] as const;

/** The customers of a BTYD data set; the same arguments always give the same population. */
export function planBtydPopulation(
  size: number,
  seed: number,
  timeline: Timeline,
  categories: number,
  profile: BtydProfile,
  repeatOrders: number,
): Population {
  const rng = Random.stream(seed, "btyd-customers");
  const days = timeline.days;
  const joinDay = new Int32Array(size);
  const lambda = new Float64Array(size);
  const life = new Float64Array(size);
  const units = new Float64Array(size);
  const favourite = new Uint8Array(size);
  for (let c = 0; c < size; c++) {
    joinDay[c] = timeline.weekdayFrom(Math.min(days - 1, Math.floor(rng.next() * days)));
    lambda[c] = rng.gamma(profile.rateShape, 1);
    const p = rng.beta(profile.dropout[0], profile.dropout[1]);
    // Repeat orders until dropping out: geometric on 1, 2, … with chance p.
    const k = 1 + Math.floor(Math.log(1 - rng.next()) / Math.log1p(-Math.min(p, 1 - 1e-12)));
    // The time of the k-th repeat order at unit rate (a sum of k exponentials); very large k never ends in the history.
    life[c] = k > 1e6 ? Infinity : rng.gamma(Math.min(k, 1e6), 1);
    units[c] = Math.max(1, rng.gamma(profile.basketShape, profile.basketShape / profile.basketMean));
    favourite[c] = rng.int(categories);
  }
  const scale = solveScale(lambda, life, joinDay, days, repeatOrders);
  const rate = new Float64Array(size);
  const churnDay = new Int32Array(size);
  const type = new Uint8Array(size);
  const daysPerMonth = days / timeline.months;
  for (let c = 0; c < size; c++) {
    rate[c] = lambda[c] * scale * daysPerMonth;
    const end = joinDay[c] + 1 + life[c] / (lambda[c] * scale);
    churnDay[c] = end >= days ? days : Math.ceil(end);
    type[c] = churnDay[c] < days ? 1 : 0;
  }
  return { size, type, joinDay, churnDay, rate, units, favourite, labels: BTYD_LABELS, decline: false };
}

/**
 * The orders-per-day factor s on the unit rates such that the expected
 * repeat orders, Σ min(life, λ s x days left after joining), come to
 * `target`: increasing in s, so bisection on a log scale.
 */
function solveScale(
  lambda: Float64Array,
  life: Float64Array,
  joinDay: Int32Array,
  days: number,
  target: number,
): number {
  const expected = (s: number) => {
    let sum = 0;
    for (let c = 0; c < lambda.length; c++)
      sum += Math.min(life[c], lambda[c] * s * Math.max(0, days - joinDay[c] - 1));
    return sum;
  };
  if (target <= 0) return 1e-9;
  let low = 1e-9;
  let high = 1e3;
  if (expected(high) < target * 0.999) {
    throw new GenerateOptionError(
      `the btyd process cannot place ${target.toLocaleString("en-US")} repeat orders: its ${lambda.length.toLocaleString("en-US")} customers drop out before that; add customers or lower --orders`,
    );
  }
  for (let k = 0; k < 100; k++) {
    const mid = Math.sqrt(low * high);
    if (expected(mid) < target) low = mid;
    else high = mid;
  }
  return Math.sqrt(low * high);
}
