import { linearRegression, linearRegressionLine } from "simple-statistics";
import { money, percent } from "../../analyse/format.js";

/**
 * The company's monthly sales for the next months. Candidates — the naive
 * forecast (last month again), the seasonal naive one (same month last year),
 * the same grown by the last twelve months' growth over the twelve before,
 * simple exponential smoothing and a straight trend line — are compared on a
 * rolling-origin backtest over the last twelve months (each refitted on the
 * months before its origin only); the one with the lowest mean absolute error
 * wins. Its band is ±1.96 x its backtest RMSE at that lead time, about 95% if
 * future errors are like past ones.
 *
 * With under a year of complete months there is nothing to backtest on: no
 * forecast is drawn and the note says why. Under two years the seasonal
 * naive forecast cannot be tested and is left out (and the note says so);
 * the growth variant needs two and a half years (two to fit, six origins).
 */

export interface MonthSales {
  /** `YYYY-MM`. */
  month: string;
  sales: number;
}

export type ForecastMethod = "naive" | "seasonal_naive" | "seasonal_growth" | "exponential_smoothing" | "linear_trend";

export const METHOD_LABELS: Record<ForecastMethod, string> = {
  naive: "naive (last month again)",
  seasonal_naive: "seasonal naive (same month last year)",
  seasonal_growth: "same month last year x the growth of the last twelve months",
  exponential_smoothing: "simple exponential smoothing",
  linear_trend: "linear trend",
};

export interface ForecastFigures {
  /** The chosen method; null when the history is too short. */
  method: ForecastMethod | null;
  months: { month: string; forecast: number; lower: number; upper: number }[];
  backtest: {
    /** Forecast origins tried (one per month of the backtest). */
    origins: number;
    /** Mean absolute error of each candidate over every origin and lead time. */
    mae: Partial<Record<ForecastMethod, number>>;
    /** The chosen method's MAE relative to the average month in the backtest. */
    relative_mae: number | null;
  } | null;
  /** Complete months used. */
  history_months: number;
  /** Months left out because the data covers them only in part. */
  partial_months: string[];
  too_short: boolean;
  /** Plain words for the report. */
  note: string;
}

const MIN_MONTHS = 12;
const SEASONAL_MONTHS = 24;
const GROWTH_MONTHS = 30;
const BACKTEST_ORIGINS = 12;
const Z95 = 1.96;

/**
 * Forecasts `horizon` months after the last of `history` (complete months,
 * in order, without gaps).
 */
export function forecastMonthly(
  history: readonly MonthSales[],
  options: { horizon?: number; partialMonths?: string[] } = {},
): ForecastFigures {
  const horizon = options.horizon ?? 6;
  const partial = options.partialMonths ?? [];
  const n = history.length;
  const y = history.map((m) => m.sales);
  const partialNote = partial.length > 0 ? ` ${partialWords(partial)}` : "";
  if (n < MIN_MONTHS) {
    return {
      method: null,
      months: [],
      backtest: null,
      history_months: n,
      partial_months: partial,
      too_short: true,
      note:
        `Only ${n} complete month${n === 1 ? "" : "s"} of sales: too short for a forecast we could test (at least ${MIN_MONTHS} months; ${SEASONAL_MONTHS} to allow for seasons), so none is drawn.` +
        (n > 0
          ? ` So far a month has brought between ${money(Math.min(...y))} and ${money(Math.max(...y))}, ${money(mean(y))} on average.`
          : "") +
        partialNote,
    };
  }

  const candidates: ForecastMethod[] = ["naive", "exponential_smoothing", "linear_trend"];
  if (n >= SEASONAL_MONTHS) candidates.splice(1, 0, "seasonal_naive");
  if (n >= GROWTH_MONTHS) candidates.splice(2, 0, "seasonal_growth");
  // Every candidate is tested on the same origins: the first needs enough months before it for the most demanding one.
  const minTrain = n >= GROWTH_MONTHS ? 24 : n >= SEASONAL_MONTHS ? 12 : 6;
  const origins = Math.min(BACKTEST_ORIGINS, n - minTrain);
  const first = n - origins;

  const errors = new Map<ForecastMethod, number[][]>(
    candidates.map((m) => [m, Array.from({ length: horizon }, () => [])]),
  );
  for (let o = first; o < n; o++) {
    const train = y.slice(0, o);
    for (const method of candidates) {
      const path = forecastPath(method, train, horizon);
      for (let s = 0; s < horizon && o + s < n; s++) errors.get(method)![s].push(path[s] - y[o + s]);
    }
  }
  const mae = Object.fromEntries(candidates.map((m) => [m, mean(errors.get(m)!.flat().map(Math.abs))])) as Record<
    ForecastMethod,
    number
  >;
  const method = candidates.reduce((a, b) => (mae[b] < mae[a] ? b : a));
  const actualMean = mean(y.slice(first));
  const path = forecastPath(method, y, horizon);
  const byStep = errors.get(method)!;
  const months = path.map((f, s) => {
    // Lead times beyond what the backtest reached reuse the longest one measured.
    const e = byStep[Math.min(s, lastNonEmpty(byStep))];
    const spread = Z95 * Math.sqrt(mean(e.map((x) => x * x)));
    const forecast = Math.max(0, f);
    return {
      month: addMonths(history[n - 1].month, s + 1),
      forecast,
      lower: Math.max(0, f - spread),
      upper: f + spread,
    };
  });
  const relative = actualMean > 0 ? mae[method] / actualMean : null;
  const others = candidates.filter((m) => m !== method).map((m) => `${money(mae[m])} for ${METHOD_LABELS[m]}`);
  const note =
    `Forecast by ${METHOD_LABELS[method]}, chosen because in a backtest over the last ${origins} months it missed by ${money(mae[method])} a month on average` +
    (relative === null ? "" : ` (${percent(relative)} of an average month)`) +
    `, against ${others.join(", ")}. The band is where about 95% of months should fall if future errors are like past ones.` +
    (n < SEASONAL_MONTHS ? ` With ${n} months (under two years) seasons cannot be tested, so none is modelled.` : "") +
    partialNote;
  return {
    method,
    months,
    backtest: { origins, mae, relative_mae: relative },
    history_months: n,
    partial_months: partial,
    too_short: false,
    note,
  };
}

/** The next `horizon` values after `y` by one method. */
export function forecastPath(method: ForecastMethod, y: readonly number[], horizon: number): number[] {
  const n = y.length;
  switch (method) {
    case "naive":
      return Array.from({ length: horizon }, () => y[n - 1]);
    case "seasonal_naive":
      return Array.from({ length: horizon }, (_, s) => y[n - 12 + (s % 12)]);
    case "seasonal_growth": {
      const last = y.slice(n - 12).reduce((a, b) => a + b, 0);
      const before = y.slice(n - 24, n - 12).reduce((a, b) => a + b, 0);
      const growth = before > 0 ? last / before : 1;
      return Array.from({ length: horizon }, (_, s) => y[n - 12 + (s % 12)] * growth);
    }
    case "exponential_smoothing": {
      const level = smooth(y, bestAlpha(y));
      return Array.from({ length: horizon }, () => level);
    }
    case "linear_trend": {
      const line = linearRegressionLine(linearRegression(y.map((v, t) => [t, v])));
      return Array.from({ length: horizon }, (_, s) => line(n + s));
    }
  }
}

/** The level after smoothing `y` with weight `alpha` on each new month. */
function smooth(y: readonly number[], alpha: number): number {
  let level = y[0];
  for (let t = 1; t < y.length; t++) level = alpha * y[t] + (1 - alpha) * level;
  return level;
}

/** The alpha (0.05 to 1) with the smallest one-step-ahead squared error on `y`. */
function bestAlpha(y: readonly number[]): number {
  let best = { alpha: 1, sse: Infinity };
  for (let k = 1; k <= 20; k++) {
    const alpha = k / 20;
    let level = y[0];
    let sse = 0;
    for (let t = 1; t < y.length; t++) {
      sse += (y[t] - level) ** 2;
      level = alpha * y[t] + (1 - alpha) * level;
    }
    if (sse < best.sse) best = { alpha, sse };
  }
  return best.alpha;
}

/**
 * Complete months from the monthly totals: months without sales inside the
 * span count as 0; a first or last month the data covers only in part (its
 * first order more than 3 days after it starts, or its last order more than
 * 3 days before it ends) is left out.
 */
export function completeMonths(
  rows: readonly { month: string; sales: number; first_day: string; last_day: string }[],
): { history: MonthSales[]; partial: string[] } {
  if (rows.length === 0) return { history: [], partial: [] };
  const sorted = [...rows].sort((a, b) => a.month.localeCompare(b.month));
  const firstMonth = sorted[0].month.slice(0, 7);
  const lastMonth = sorted[sorted.length - 1].month.slice(0, 7);
  const byMonth = new Map(sorted.map((r) => [r.month.slice(0, 7), r.sales]));
  const history: MonthSales[] = [];
  for (let m = firstMonth; m <= lastMonth; m = addMonths(m, 1)) history.push({ month: m, sales: byMonth.get(m) ?? 0 });
  const partial: string[] = [];
  const head = sorted[0];
  const tail = sorted[sorted.length - 1];
  if (dayOf(head.first_day) > 4) partial.push(firstMonth);
  if (dayOf(tail.last_day) < daysIn(lastMonth) - 3 && !partial.includes(lastMonth)) partial.push(lastMonth);
  return { history: history.filter((m) => !partial.includes(m.month)), partial };
}

function partialWords(partial: string[]): string {
  return `${partial.join(" and ")} ${partial.length === 1 ? "is" : "are"} left out: the data covers ${partial.length === 1 ? "it" : "them"} only in part.`;
}

export function addMonths(month: string, k: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + k;
  return `${String(Math.floor(index / 12)).padStart(4, "0")}-${String((index % 12) + 1).padStart(2, "0")}`;
}

function dayOf(iso: string): number {
  return Number(iso.slice(8, 10));
}

function daysIn(month: string): number {
  return new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
}

function lastNonEmpty(byStep: number[][]): number {
  let s = byStep.length - 1;
  while (s > 0 && byStep[s].length === 0) s--;
  return s;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
