import { count, list, money, percent, plural } from "../../analyse/format.js";
import { markdownText } from "../../analyse/commentary/text.js";
import type { Commentary } from "../../analyse/commentary/commentary.js";
import type { PredictionFigures } from "./index.js";
import type { BacktestFigures } from "./backtest.js";
import { BTYD_DESCRIPTION } from "./btyd.js";
import { noHistoryProbability, type PredictionModel } from "./model.js";

/**
 * The prediction's commentary in plain words: what it predicts, how far to
 * trust it (from the backtest) and the company forecast, then what to do,
 * then its limits and how it works. Every number comes from the figures.
 */
export function predictionCommentary({
  figures: f,
  model,
}: {
  figures: PredictionFigures;
  model: PredictionModel | null;
}): Commentary {
  const b = f.backtest;
  const forecast = `**Company sales forecast.** ${f.forecast.note}`;
  if (!b || !model)
    return {
      finding: `No customer prediction. ${markdownText(f.too_short_note ?? "")}`.trim(),
      evidence: [forecast],
      recommendation: [],
      caveats: [],
    };
  const top = f.customers.slice(0, 5);
  const topSum = f.customers.slice(0, 10).reduce((s, c) => s + c.expected_sales, 0);
  const likely = f.customers.filter((c) => c.probability >= 0.5).length;
  const windowSales = b.model.total_actual + b.first_time_buyers.sales;
  return {
    finding:
      `From ${f.horizon.from} to ${f.horizon.to} the ${plural(f.customers_total, "customer")} are expected to buy ${money(f.expected_total)} in all; ` +
      `the ten largest ${money(topSum)} (${f.expected_total > 0 ? percent(topSum / f.expected_total) : "n/a"}).`,
    evidence: [
      `**How far to trust it.** ${b.verdict}`,
      `**Which model answers.** ${b.choice.note}${calibrationWords(b)}`,
      top.length > 0 &&
        `Leading: ${list(top.map((c) => `${markdownText(c.name)} (${money(c.expected_sales)}, ${percent(c.probability)} chance of ordering)`))}.`,
      `${count(likely)} of the listed customers are more likely than not to order.`,
      forecast,
    ].filter((s): s is string => typeof s === "string"),
    recommendation: [
      b.trust === "good" || b.trust === "ranking"
        ? "Use the list to plan calls and offers; customers with a high chance but falling sales deserve a call first."
        : "Read the list as a starting point for account managers, checked against what they know.",
    ],
    caveats: [
      b.first_time_buyers.customers > 0 &&
        `Not in the backtest's comparison: ${plural(b.first_time_buyers.customers, "customer")} who had never ordered before bought ${money(b.first_time_buyers.sales)} in the test window (${percent(b.first_time_buyers.sales / windowSales)} of its sales). First orders cannot be foreseen one customer at a time: the model gives each customer without history the chance of a first order it saw in its training window (now ${percent(noHistoryProbability(model))}).`,
      `**How it works.** ${howItWorks(f, model)}`,
    ].filter((s): s is string => typeof s === "string"),
  };
}

/** The method in a paragraph, for the caveats: what the prediction can and cannot see. */
function howItWorks(f: PredictionFigures, model: PredictionModel): string {
  if (f.chosen_model === "bgnbd" && model.btyd) {
    const g = model.btyd.bgnbd;
    return (
      `${BTYD_DESCRIPTION} ` +
      `Fitted by maximum likelihood on every customer's orders up to ${f.cutoff}: purchase rates average ${((g.r / g.alpha) * 365).toFixed(2)} orders a year across customers ` +
      `and a customer stops after an order with probability ${percent(g.a / (g.a + g.b))} on average. ` +
      `It needs no outcome window, so it can answer for any horizon. The backtest fitted it again at each earlier cutoff and compared its predictions with what then happened. ` +
      `Customers who have never ordered are outside it and predicted at zero.`
    );
  }
  return (
    `Expected sales = chance of ordering in the next ${f.horizon_days} days x spend when ordering. ` +
    `The chance comes from a logistic regression on recency, frequency, average order value, tenure and the trend of the last two ${f.horizon_days}-day windows, ` +
    `learnt from what customers did between ${model.training_window.outcome_from} and ${model.training_window.outcome_to}. ` +
    `The spend is the customer's average order value pulled toward the company's (${money(model.spend.population_order_value)}) as if they had ${plural(model.spend.prior_orders, "more average order")}, times the orders they usually place. ` +
    `The backtest repeated all of this at each earlier cutoff and compared it with what then happened.` +
    (model.solver.sampled_rows < model.solver.rows
      ? ` The chance model was fitted on a random sample of ${count(model.solver.sampled_rows)} of the ${count(model.solver.rows)} customers (seed ${model.solver.seed}).`
      : "")
  );
}

/** The calibration table in one sentence: the groups with the lowest and the highest predictions. */
function calibrationWords(b: BacktestFigures): string {
  const c = b.calibration;
  if (c.length < 2) return "";
  const low = c[0];
  const high = c[c.length - 1];
  return ` By group of predicted sales, the ${plural(low.customers, "customer")} with the lowest predictions were expected to buy ${money(low.predicted)} each and bought ${money(low.actual)}; the ${plural(high.customers, "customer")} with the highest, ${money(high.predicted)} against ${money(high.actual)}.`;
}
