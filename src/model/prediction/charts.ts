import type { Chart } from "../../analyse/analysis.js";
// From the builders' own modules: the chart layer's index loads the renderer too (analyse/charts.ts).
import { rankingChart } from "../../charts/bars.js";
import { calibrationChart, scatterChart, type CalibrationRow } from "../../charts/scatter.js";
import { forecastChart, type ForecastRow } from "../../charts/time.js";
import { count, plural } from "../../analyse/format.js";
import { largestIndices } from "../largest.js";
import type { Backtest } from "./backtest.js";
import type { ForecastFigures, MonthSales } from "./forecast.js";

/** The prediction's charts: predicted against actual, calibration, top expected customers, the company forecast. */

/** Points drawn at most in the predicted-vs-actual chart (the largest customers). */
const SCATTER_POINTS = 300;

export function predictedVsActualChart(backtest: Backtest): Chart {
  const { scores, actual, at } = backtest;
  // The buyers with the largest of predicted and actual sales, picked without an object per buyer.
  const buyers: number[] = [];
  for (let i = 0; i < at.ids.length; i++) if (at.orders[i] > 0) buyers.push(i);
  const total = buyers.length;
  const size = new Float64Array(total);
  for (let k = 0; k < total; k++) size[k] = Math.max(scores.expected[buyers[k]], actual[buyers[k]]);
  const shown: { x: number; y: number; label?: string }[] = largestIndices(size, SCATTER_POINTS, (a, b) => a - b).map(
    (k) => ({ x: scores.expected[buyers[k]], y: actual[buyers[k]] }),
  );
  const window = backtest.figures.window;
  return {
    id: "prediction-predicted-vs-actual",
    title: "Backtest: predicted against actual sales per customer",
    spec: scatterChart(shown, {
      title: "Backtest: predicted against actual sales per customer",
      subtitle: [
        `${window.from} to ${window.to}, predicted from data up to ${backtest.figures.cutoff}`,
        total > shown.length
          ? `The ${count(shown.length)} largest of ${plural(total, "customer")}; dashed line: exact`
          : "Points on the dashed line are exact",
      ],
      xTitle: "Predicted sales",
      yTitle: "Actual sales",
    }),
  };
}

/** Buyers per band of predicted probability: ten bands, five on small data so each holds a few customers. */
function calibrationRows(backtest: Backtest): CalibrationRow[] {
  const { scores, actual, at } = backtest;
  const bins = backtest.figures.customers_scored < 500 ? 5 : 10;
  const sums = Array.from({ length: bins }, () => ({ predicted: 0, observed: 0, count: 0 }));
  for (let i = 0; i < at.ids.length; i++) {
    if (!(at.orders[i] > 0)) continue;
    const p = scores.probability[i];
    const bin = sums[Math.min(bins - 1, Math.floor(p * bins))];
    bin.predicted += p;
    bin.observed += actual[i] > 0 ? 1 : 0;
    bin.count++;
  }
  return sums
    .filter((b) => b.count > 0)
    .map((b) => ({ predicted: b.predicted / b.count, observed: b.observed / b.count, count: b.count }));
}

export function calibrationChartOf(backtest: Backtest): Chart {
  return {
    id: "prediction-calibration",
    title: "Backtest: predicted chance of buying against the share who bought",
    spec: calibrationChart(calibrationRows(backtest), {
      title: "Backtest: predicted chance of buying against the share who bought",
    }),
  };
}

export function topCustomersChart(
  rows: { name: string; expected_sales: number }[],
  horizonDays: number,
  from: string,
  to: string,
): Chart {
  const title = `Top customers by expected sales, next ${horizonDays} days`;
  return {
    id: "prediction-top-customers",
    title,
    spec: rankingChart(
      rows.map((r) => ({ name: r.name, value: r.expected_sales })),
      {
        title,
        subtitle: `${from} to ${to}: chance of buying x expected spend`,
        top: 10,
        valueTitle: "Expected sales",
      },
    ),
  };
}

export function forecastChartOf(history: readonly MonthSales[], forecast: ForecastFigures): Chart {
  const recent = history.slice(-24);
  const rows: ForecastRow[] = [
    ...recent.map((m) => ({ month: m.month, actual: m.sales })),
    ...forecast.months.map((m) => ({ month: m.month, forecast: m.forecast, lower: m.lower, upper: m.upper })),
  ];
  const title = forecast.too_short ? "Monthly sales (too little history for a forecast)" : "Monthly sales and forecast";
  return {
    id: "prediction-forecast",
    title,
    spec: forecastChart(rows, {
      title,
      subtitle: forecast.too_short
        ? `${plural(forecast.history_months, "complete month")}: a forecast needs at least 12`
        : `Shaded band: about 95% of months should fall inside it`,
    }),
  };
}
