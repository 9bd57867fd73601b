/**
 * The simulated business: who the customers are, when and how much they buy,
 * which products sell and at what margin, and which employees take the orders.
 *
 * The purchase process is deliberately simple and known, so that analyses and
 * models have something true to find. Each customer is one of five planted
 * types (see PROFILES). While active, between joining and churning, a customer
 * orders as a Poisson process with its own rate times the month's seasonality;
 * the generator then fixes each month's total so the data set hits --orders
 * exactly, which makes the monthly counts multinomial given that total.
 * Customers who join during the history place their first order that day.
 */

import { addMonths, calendarMonth, isWeekday, usDate } from "./calendar.js";
import { staffName } from "./names.js";
import { cumulative, Random } from "./random.js";
import type { Product } from "./reference.js";

export const CUSTOMER_TYPES = ["champion", "loyal", "occasional", "new", "lapsed"] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export interface TypeProfile {
  /** Share of all customers. */
  share: number;
  /**
   * Median orders per month while active. All rates are then scaled by one
   * factor so that the data set has exactly --orders orders; with the default
   * customer count (orders / 8) that factor is close to 1.
   */
  ordersPerMonth: number;
  /** Median units per order line. */
  unitsPerLine: number;
  /** Share who were customers before the history starts: active from day one, no joining order. */
  established: number;
  /** The others join (and order) on a day uniformly within this part of the history. */
  joins: readonly [from: number, to: number];
  /** If set, the customer never orders again from a day uniformly within this part of the history. */
  churns?: readonly [from: number, to: number];
}

/**
 * The planted types, tuned so that k-means on z-scored (recency in days,
 * log1p orders, log1p sales) recovers them with an adjusted Rand index of
 * about 0.9 (src/generate/generate.test.ts checks >= 0.8):
 * - champion: the few who order every month or so, in large quantities;
 * - loyal: a mid-sized order every few months, all along;
 * - occasional: small orders (a unit or two a line), many joined later on;
 * - new: joined in the last 5% of the history, ordering briskly since;
 * - lapsed: bought well early on and stopped for good between 25% and 40% of
 *   the way through, slowing down over their last 90 days.
 * With the default customer count the rates below are the real ones.
 */
export const PROFILES: Readonly<Record<CustomerType, TypeProfile>> = {
  champion: { share: 0.05, ordersPerMonth: 1.0, unitsPerLine: 40, established: 0.9, joins: [0, 0.1] },
  loyal: { share: 0.3, ordersPerMonth: 0.25, unitsPerLine: 18, established: 0.85, joins: [0, 0.15] },
  occasional: { share: 0.25, ordersPerMonth: 0.19, unitsPerLine: 1.2, established: 0.5, joins: [0, 0.5] },
  new: { share: 0.15, ordersPerMonth: 0.95, unitsPerLine: 25, established: 0, joins: [0.95, 1] },
  lapsed: {
    share: 0.25,
    ordersPerMonth: 0.5,
    unitsPerLine: 20,
    established: 0.8,
    joins: [0, 0.1],
    churns: [0.25, 0.4],
  },
};

/** Log-scale spread of each customer's rate and basket around its type's median: the heavy tail within a type. */
const RATE_SPREAD = 0.2;
const UNITS_SPREAD = 0.15;
/** Log-scale spread of units between the lines of one customer. */
export const LINE_UNITS_SPREAD = 0.6;
/** Lapsing customers order at half their rate in the 90 days before they stop: a trend to find. */
const DECLINE_DAYS = 90;
const DECLINE_FACTOR = 0.5;
/** Share of order lines from the customer's favourite category. */
export const FAVOURITE_SHARE = 0.35;

/** Orders by calendar month (January first) relative to an average month: Q4 peak, summer dip. */
export const SEASONALITY = [0.9, 0.85, 0.95, 0.95, 1.0, 0.9, 0.75, 0.75, 0.95, 1.1, 1.3, 1.6];

/** Orders with 1 to 5 lines in the extract (196 orders, 518 lines: 2.64 an order). */
export const LINES_PER_ORDER = [28, 67, 58, 33, 10];
/** Orders per shipper in the extract, by position in Shippers.csv. */
export const SHIPPER_WEIGHTS = [54, 74, 68];
/** Orders per employee in the extract, by position in Employees.csv; Adam West took none. */
const EMPLOYEE_WEIGHTS = [29, 20, 31, 40, 11, 18, 14, 27, 6, 0];
/** One salesperson per this many orders a month; staff beyond the extract's ten are hired. */
const ORDERS_PER_EMPLOYEE_MONTH = 1000;

/** Gross margin by CategoryID: drinks and sweets pay, meat and fish do not. */
const CATEGORY_MARGINS: Readonly<Record<number, number>> = {
  1: 0.38, // Beverages
  2: 0.32, // Condiments
  3: 0.42, // Confections
  4: 0.27, // Dairy Products
  5: 0.3, // Grains/Cereals
  6: 0.18, // Meat/Poultry
  7: 0.33, // Produce
  8: 0.22, // Seafood
};
/** Products sold at almost no margin (loss leaders), for profitability analyses to flag. */
const LOW_MARGIN_PRODUCTS = 4;

/**
 * The history as day offsets from its first day (0), with its months and its
 * weekdays: orders fall on weekdays only, as in the extract.
 */
export class Timeline {
  /** Length in days. */
  readonly days: number;
  /** Offset of each month's first day, plus the end: months + 1 entries. */
  readonly monthStarts: Int32Array;
  /** Seasonality factor of each month. */
  readonly season: Float64Array;
  /** weekdaysBefore[d] = number of weekdays in [0, d). */
  private readonly weekdaysBefore: Int32Array;
  /** Offsets of the weekdays, in order. */
  private readonly weekdays: Int32Array;
  private readonly dates: string[];

  constructor(
    /** Days since 1970-01-01 of the first day. */
    readonly startDay: number,
    readonly months: number,
  ) {
    this.monthStarts = Int32Array.from({ length: months + 1 }, (_, m) => addMonths(startDay, m) - startDay);
    this.days = this.monthStarts[months];
    this.season = Float64Array.from(
      { length: months },
      (_, m) => SEASONALITY[calendarMonth(startDay + this.monthStarts[m])],
    );
    this.weekdaysBefore = new Int32Array(this.days + 1);
    const weekdays: number[] = [];
    for (let d = 0; d < this.days; d++) {
      if (isWeekday(startDay + d)) weekdays.push(d);
      this.weekdaysBefore[d + 1] = weekdays.length;
    }
    this.weekdays = Int32Array.from(weekdays);
    this.dates = Array.from({ length: this.days }, (_, d) => usDate(startDay + d));
  }

  /** Weekdays in [from, to). */
  weekdaysIn(from: number, to: number): number {
    return this.weekdaysBefore[to] - this.weekdaysBefore[from];
  }

  /** The k-th weekday (from 0) on or after `from`. */
  nthWeekday(from: number, k: number): number {
    return this.weekdays[this.weekdaysBefore[from] + k];
  }

  /** The first weekday on or after `day`, or the last one of the history. */
  weekdayFrom(day: number): number {
    const k = this.weekdaysBefore[day];
    return k < this.weekdays.length ? this.weekdays[k] : this.weekdays[this.weekdays.length - 1];
  }

  /** The month containing `day`. */
  monthOf(day: number): number {
    let m = 0;
    while (this.monthStarts[m + 1] <= day) m++;
    return m;
  }

  /** `M/D/YYYY` of an offset, cached: the writer asks for millions. */
  date(day: number): string {
    return this.dates[day];
  }
}

/** Per-customer parameters in typed arrays (index = CustomerID - 1): all the generator keeps per customer. */
export interface Population {
  size: number;
  /** Index into CUSTOMER_TYPES. */
  type: Uint8Array;
  /** Offset of the joining order; -1 for customers from before the history. */
  joinDay: Int32Array;
  /** First day of never ordering again; timeline.days for customers who do not churn. */
  churnDay: Int32Array;
  /** Relative orders per month while active. */
  rate: Float64Array;
  /** Median units per order line. */
  units: Float64Array;
  /** Index of the favourite category in the catalogue. */
  favourite: Uint8Array;
  /**
   * Names of the `type` values for CustomerTypes.csv; default CUSTOMER_TYPES (the BTYD process has its own,
   * btyd.ts).
   */
  labels?: readonly string[];
  /** Whether customers slow down before they churn (DECLINE_*); default true. */
  decline?: boolean;
}

/** The customers of a data set; the same arguments always give the same population. */
export function planPopulation(size: number, seed: number, timeline: Timeline, categories: number): Population {
  const rng = Random.stream(seed, "customers");
  const counts = apportion(
    size,
    CUSTOMER_TYPES.map((t) => PROFILES[t].share),
  );
  // Exact type counts, in random order so that IDs say nothing about types.
  const type = new Uint8Array(size);
  let at = 0;
  counts.forEach((count, t) => type.fill(t, at, (at += count)));
  rng.shuffle(type);

  const population: Population = {
    size,
    type,
    joinDay: new Int32Array(size),
    churnDay: new Int32Array(size),
    rate: new Float64Array(size),
    units: new Float64Array(size),
    favourite: new Uint8Array(size),
  };
  const days = timeline.days;
  for (let c = 0; c < size; c++) {
    const profile = PROFILES[CUSTOMER_TYPES[type[c]]];
    const join = rng.chance(profile.established)
      ? -1
      : timeline.weekdayFrom(Math.floor(rng.between(profile.joins[0], profile.joins[1]) * days));
    population.joinDay[c] = join;
    population.churnDay[c] = profile.churns
      ? Math.min(days, Math.max(join + 60, Math.floor(rng.between(profile.churns[0], profile.churns[1]) * days)))
      : days;
    population.rate[c] = rng.lognormal(profile.ordersPerMonth, RATE_SPREAD);
    population.units[c] = rng.lognormal(profile.unitsPerLine, UNITS_SPREAD);
    population.favourite[c] = rng.int(categories);
  }
  return population;
}

/**
 * Expected orders of customer c in month m besides its joining order, before
 * scaling: rate x seasonality x the share of the month's weekdays it is active.
 */
export function monthWeight(population: Population, c: number, timeline: Timeline, m: number): number {
  const monthStart = timeline.monthStarts[m];
  const monthEnd = timeline.monthStarts[m + 1];
  const from = Math.max(monthStart, population.joinDay[c] + 1);
  const churn = population.churnDay[c];
  const to = Math.min(monthEnd, churn);
  if (from >= to) return 0;
  let active = timeline.weekdaysIn(from, to);
  const declineFrom = Math.max(from, churn - DECLINE_DAYS);
  if (population.decline !== false && churn < timeline.days && declineFrom < to)
    active -= (1 - DECLINE_FACTOR) * timeline.weekdaysIn(declineFrom, to);
  return (population.rate[c] * timeline.season[m] * active) / timeline.weekdaysIn(monthStart, monthEnd);
}

/** A day for one of customer c's orders in month m, drawn with the weights `monthWeight` integrates. */
export function orderDay(population: Population, c: number, timeline: Timeline, m: number, rng: Random): number {
  const from = Math.max(timeline.monthStarts[m], population.joinDay[c] + 1);
  const churn = population.churnDay[c];
  const count = timeline.weekdaysIn(from, Math.min(timeline.monthStarts[m + 1], churn));
  for (;;) {
    const day = timeline.nthWeekday(from, rng.int(count));
    // Rejection thins the declining days to DECLINE_FACTOR of the rate.
    if (
      population.decline === false ||
      churn >= timeline.days ||
      day < churn - DECLINE_DAYS ||
      rng.chance(DECLINE_FACTOR)
    )
      return day;
  }
}

/** The extract's products with how well each sells and what it costs. */
export interface Catalogue {
  products: readonly Product[];
  /** Draw table over all products, by popularity. */
  popularity: Float64Array;
  /** Category IDs, and per category the indexes of its products with a draw table. */
  categoryIds: readonly number[];
  byCategory: readonly { products: Int32Array; popularity: Float64Array }[];
  /** Unit cost, in cents precision, below the price. */
  unitCost: Float64Array;
}

export function planCatalogue(products: readonly Product[], seed: number): Catalogue {
  const rng = Random.stream(seed, "catalogue");
  const weights = products.map(() => rng.lognormal(1, 0.8));
  const categoryIds = [...new Set(products.map((p) => p.categoryId))].sort((a, b) => a - b);
  const byCategory = categoryIds.map((id) => {
    const members = products.flatMap((p, i) => (p.categoryId === id ? [i] : []));
    return { products: Int32Array.from(members), popularity: cumulative(members.map((i) => weights[i])) };
  });

  const margin = products.map((p) => clamp((CATEGORY_MARGINS[p.categoryId] ?? 0.3) + 0.05 * rng.normal(), 0.08, 0.6));
  const lossLeaders = rng.shuffle(products.map((_, i) => i)).slice(0, Math.min(LOW_MARGIN_PRODUCTS, products.length));
  for (const i of lossLeaders) margin[i] = rng.between(0.01, 0.05);
  const unitCost = Float64Array.from(products, (p, i) =>
    clamp(Math.round(p.price * (1 - margin[i]) * 100) / 100, 0.01, Math.round(p.price * 100 - 1) / 100),
  );
  return { products, popularity: cumulative(weights), categoryIds, byCategory, unitCost };
}

/** Sales staff: the extract's employees plus any hired for a bigger business. */
export interface Staff {
  /** Employees.csv rows in schema column order (EmployeeID, LastName, FirstName, BirthDate, Photo, Notes). */
  rows: string[][];
  ids: Int32Array;
  /** Relative number of orders each takes. */
  weight: Float64Array;
  /** Offset of the hiring day (negative: before the history); an employee takes orders from the next month on. */
  hireDay: Int32Array;
}

/** Extra salespeople needed for `orders` over `months`, beyond the `existing` ones. */
export function staffToHire(orders: number, months: number, existing: number): number {
  return Math.max(0, Math.ceil(orders / months / ORDERS_PER_EMPLOYEE_MONTH) - existing);
}

export function planStaff(reference: readonly string[][], hires: number, seed: number, timeline: Timeline): Staff {
  const rng = Random.stream(seed, "staff");
  const rows = reference.map((row) => [...row]);
  const weight = reference.map((_, i) => EMPLOYEE_WEIGHTS[i] ?? 20);
  const hireDay = reference.map(() => -1);
  let id = Math.max(0, ...reference.map((row) => Number(row[0])));
  const offices = ["Seattle", "Tacoma", "Kirkland", "Redmond", "London"];
  for (let k = 0; k < hires; k++) {
    // Half were hired in the five years before the history, half during it.
    const hired = rng.chance(0.5) ? -rng.int(5 * 365) - 1 : rng.int(timeline.days);
    const birth = rng.int(29 * 365) + dayNumber(1950);
    const [last, first] = staffName(rng);
    id++;
    rows.push([
      String(id),
      last,
      first,
      usDate(birth),
      `EmpID${id}.pic`,
      `Hired ${usDate(timeline.startDay + hired)} as a sales representative, based in ${rng.pick(offices)}.`,
    ]);
    weight.push(rng.lognormal(20, 0.5));
    hireDay.push(hired);
  }
  return {
    rows,
    ids: Int32Array.from(rows, (row) => Number(row[0])),
    weight: Float64Array.from(weight),
    hireDay: Int32Array.from(hireDay),
  };
}

/** Staff draw table for month m: only those hired before the month starts take its orders. */
export function staffTable(staff: Staff, timeline: Timeline, m: number): Float64Array {
  const start = timeline.monthStarts[m];
  return cumulative(Array.from(staff.weight, (w, i) => (staff.hireDay[i] < start ? w : 0)));
}

/**
 * Splits `total` into whole parts proportional to `weights` (largest
 * remainders first, ties to the earlier), so the parts add up exactly.
 */
export function apportion(total: number, weights: readonly number[] | Float64Array): number[] {
  let sum = 0;
  for (const w of weights) sum += w;
  if (!(sum > 0)) throw new RangeError("cannot apportion over weights that sum to zero");
  const exact = Array.from(weights, (w) => (total * w) / sum);
  const parts = exact.map(Math.floor);
  const order = exact.map((_, i) => i).sort((a, b) => exact[b] - parts[b] - (exact[a] - parts[a]) || a - b);
  let left = total - parts.reduce((a, b) => a + b, 0);
  for (const i of order) {
    if (left-- <= 0) break;
    parts[i]++;
  }
  return parts;
}

function clamp(x: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, x));
}

function dayNumber(year: number): number {
  return Date.UTC(year, 0, 1) / 86_400_000;
}
