import { count, money, percent } from "../../analyse/format.js";
import type { Metrics } from "./metrics.js";

/**
 * How much to trust the customer predictions, decided from the backtest
 * numbers by fixed rules and said in plain words:
 *
 *   low:     too few customers or buyers for the comparison to mean much
 *            (under 200 customers with history or under 50 buyers);
 *   none:    the model did not beat the better simple rule on error per customer;
 *   ranking: it beat them, but its total missed by more than 15%;
 *   good:    it beat them and its total was within 15%.
 */
export type Trust = "low" | "none" | "ranking" | "good";

const SMALL_DATA = { customersWithHistory: 200, buyers: 50 } as const;
const TOTAL_TOLERANCE = 0.15;

const RULE_WORDS = {
  last_window: "each customer buys again what they bought in the previous window",
  average_window: "each customer buys their average per window",
} as const;

export interface VerdictInput {
  window: { from: string; to: string; days: number };
  customers_scored: number;
  customers_with_history: number;
  buyers: number;
  model: Metrics;
  baselines: { last_window: Metrics; average_window: Metrics };
  best_baseline: "last_window" | "average_window";
  /** The chosen model's name, said in the verdict when given (issue 16: more than one model can answer). */
  model_label?: string;
}

export function customerVerdict(b: VerdictInput): { trust: Trust; verdict: string } {
  const best = b.baselines[b.best_baseline];
  const beats = b.model.mae < best.mae;
  const small = b.customers_with_history < SMALL_DATA.customersWithHistory || b.buyers < SMALL_DATA.buyers;
  const totalOff = b.model.total_error === null ? null : Math.abs(b.model.total_error);
  const trust: Trust = small
    ? "low"
    : !beats
      ? "none"
      : totalOff === null || totalOff > TOTAL_TOLERANCE
        ? "ranking"
        : "good";

  const test = `Tested on ${b.window.from} to ${b.window.to} (${b.window.days} days it never saw), ${count(b.customers_scored)} customers of whom ${count(b.buyers)} bought`;
  const who = b.model_label ? `the chosen model, ${b.model_label},` : "the model";
  const error = `${who} missed by ${money(b.model.mae)} per customer on average, against ${money(best.mae)} for the simple rule "${RULE_WORDS[b.best_baseline]}"`;
  const total =
    b.model.total_error === null
      ? "no one bought in the window, so its total cannot be judged"
      : `its total was ${money(b.model.total_predicted)} against ${money(b.model.total_actual)} actual (${describeGap(b.model.total_error)})`;
  const ranking =
    b.model.auc === null
      ? ""
      : ` It ranked a buyer above a non-buyer ${percent(b.model.auc)} of the time (50% is guessing).`;

  const advice: Record<Trust, string> = {
    low: `That is too little data to judge a model (we want at least ${count(SMALL_DATA.customersWithHistory)} customers with history and ${count(SMALL_DATA.buyers)} buyers): the differences above could be chance${beats ? "" : ", and here the model did not even beat the simple rule"}. Treat the predictions as a rough ranking to start conversations, not as numbers to plan with.`,
    none: "The model does no better than the simple rule: do not rely on it; plan with the simple rule instead.",
    ranking:
      "It ranks customers better than the simple rules, but its total is too far off to budget with: use it to choose whom to contact, not to plan revenue.",
    good: "It is good enough to rank customers and to plan the total for the next period.",
  };
  return { trust, verdict: `${test}: ${error}; ${total}.${ranking} ${advice[trust]}` };
}

/** "3.2% above" / "12.0% below" / "exact". */
export function describeGap(relative: number): string {
  if (Math.abs(relative) < 0.0005) return "exact";
  return `${percent(Math.abs(relative))} ${relative > 0 ? "above" : "below"}`;
}
