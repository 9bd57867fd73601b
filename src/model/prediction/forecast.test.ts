import { test } from "node:test";
import assert from "node:assert/strict";
import { addMonths, completeMonths, forecastMonthly, forecastPath, type MonthSales } from "./forecast.js";

const SEASON = [0.9, 0.85, 0.95, 0.95, 1.0, 0.9, 0.75, 0.75, 0.95, 1.1, 1.3, 1.6];

function series(n: number, value: (t: number) => number, start = "1996-01"): MonthSales[] {
  return Array.from({ length: n }, (_, t) => ({ month: addMonths(start, t), sales: value(t) }));
}

test("with seven complete months (the extract) no forecast is drawn and the note says why", () => {
  const f = forecastMonthly(
    series(7, (t) => 50_000 + 1000 * t),
    { partialMonths: ["1997-02"] },
  );
  assert.equal(f.too_short, true);
  assert.equal(f.method, null);
  assert.deepEqual(f.months, []);
  assert.match(f.note, /^Only 7 complete months of sales: too short for a forecast/);
  assert.match(f.note, /1997-02 is left out: the data covers it only in part/);
});

test("a strongly seasonal series of three years is forecast by the seasonal naive method", () => {
  const f = forecastMonthly(series(36, (t) => 100_000 * SEASON[t % 12]));
  assert.equal(f.method, "seasonal_naive");
  assert.equal(f.backtest?.origins, 12);
  assert.equal(f.backtest?.mae.seasonal_naive, 0);
  // Next is January of year four: the same as every January.
  assert.equal(f.months[0].month, "1999-01");
  assert.equal(f.months[0].forecast, 90_000);
  assert.equal(f.months.length, 6);
});

test("a steady trend is forecast by the trend line, with a band that holds the truth", () => {
  const f = forecastMonthly(
    series(30, (t) => 20_000 + 1500 * t + (t % 2 ? 800 : -800)),
    { horizon: 3 },
  );
  assert.equal(f.method, "linear_trend");
  const truth = 20_000 + 1500 * 30;
  assert.ok(Math.abs(f.months[0].forecast - truth) < 1000, `forecast ${f.months[0].forecast} vs ${truth}`);
  assert.ok(f.months[0].lower <= truth + 800 && truth - 800 <= f.months[0].upper);
});

test("between one and two years seasons are not tried, and the note says so", () => {
  const f = forecastMonthly(series(18, (t) => 40_000 + (t % 3) * 1000));
  assert.equal(f.too_short, false);
  assert.equal(f.backtest?.mae.seasonal_naive, undefined);
  assert.match(f.note, /With 18 months \(under two years\) seasons cannot be tested/);
});

test("forecast paths follow each method's definition", () => {
  const y = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13];
  assert.deepEqual(forecastPath("naive", y, 2), [13, 13]);
  assert.deepEqual(forecastPath("seasonal_naive", y, 2), [2, 3]);
  assert.deepEqual(forecastPath("linear_trend", y, 1).map(Math.round), [14]);
});

test("partial first and last months are left out, and months without sales count as zero", () => {
  const { history, partial } = completeMonths([
    { month: "1996-07-01", sales: 10, first_day: "1996-07-04", last_day: "1996-07-31" },
    { month: "1996-09-01", sales: 30, first_day: "1996-09-02", last_day: "1996-09-30" },
    { month: "1996-10-01", sales: 5, first_day: "1996-10-01", last_day: "1996-10-12" },
  ]);
  assert.deepEqual(partial, ["1996-10"]);
  assert.deepEqual(history, [
    { month: "1996-07", sales: 10 },
    { month: "1996-08", sales: 0 },
    { month: "1996-09", sales: 30 },
  ]);
});
