import { ANALYSIS_DEFAULTS } from "../../config.js";
import { historyCaveat } from "../../analyse/data-context.js";
import { count, money, plural } from "../../analyse/format.js";
import type { OverviewFigures } from "./overview.js";
import { movement, present } from "../../analyse/commentary/phrases.js";
import type { Commentary } from "../../analyse/commentary/commentary.js";
import { scopeOf } from "../../analyse/commentary/scope.js";

/** The headline in words: how much was sold, how it moved, and how far to trust it. */
export function overviewCommentary(f: OverviewFigures): Commentary {
  const scope = scopeOf(f.filters);
  if (f.orders === 0)
    return {
      finding: `There were no sales${scope} ${f.data.in_period}.`,
      evidence: [],
      recommendation: [],
      caveats: present([f.data.comparison_note]),
    };
  const complete = f.monthly.filter((m) => m.complete);
  const best = [...complete].sort((a, b) => b.sales - a.sales)[0];
  const worst = [...complete].sort((a, b) => a.sales - b.sales)[0];
  return {
    finding:
      `Sales${scope} ${f.data.in_period} came to ${money(f.total_sales)} from ${plural(f.orders, "order")} ` +
      `placed by ${plural(f.active_customers, "customer")}; the average order was ${money(f.average_order_value ?? 0)}.`,
    evidence: present([
      f.change.total_sales !== null &&
        `Against ${f.previous.label} (${money(f.previous.total_sales)} from ${plural(f.previous.orders, "order")}), sales ${movement(f.change.total_sales)}` +
          (f.change.orders !== null ? ` and orders ${movement(f.change.orders)}.` : "."),
      complete.length >= 2 &&
        `The strongest complete month was ${best.month} (${money(best.sales)}, ${plural(best.orders, "order")}); the weakest was ${worst.month} (${money(worst.sales)}).`,
    ]),
    recommendation: [],
    caveats: present([
      f.data.comparison_note,
      ...f.data.coverage.partial_months.map(
        (m) =>
          `${m.month} is incomplete: the data ${m.edge === "end" ? "stops" : "starts"} on ${m.date}, so the month is left out of month-to-month comparisons.`,
      ),
      historyCaveat(f.data),
      f.orders < ANALYSIS_DEFAULTS.thinPeriodOrders &&
        `The period holds only ${count(f.orders)} orders: single large orders move every figure below.`,
    ]),
  };
}
