import { historyCaveat } from "../../analyse/data-context.js";
import type { EmployeeFigures } from "./employees.js";
import { count, list, money, percent, plural } from "../../analyse/format.js";
import { movers, present } from "../../analyse/commentary/phrases.js";
import type { Commentary } from "../../analyse/commentary/commentary.js";

/** Whom to reward, by which measure, and what makes the comparison unfair. */
export function employeesCommentary(f: EmployeeFigures): Commentary {
  if (f.employees === 0)
    return {
      finding: `No employee took an order ${f.data.in_period}.`,
      evidence: [],
      recommendation: [],
      caveats: present([f.data.comparison_note]),
    };
  const [top, second] = f.ranking;
  const byName = new Map(f.ranking.map((r) => [r.name, r]));
  const rewarded = f.reward.names.map((n) => byName.get(n)!);
  const perMonth = f.reward.measure === "sales_per_active_month";
  const bestRate = [...f.ranking].sort((a, b) => (b.sales_per_active_month ?? 0) - (a.sales_per_active_month ?? 0))[0];
  const busiest = [...f.ranking].sort((a, b) => b.customers - a.customers)[0];
  const topTied = f.ties.find((g) => g.includes(top.name));

  return {
    finding: topTied
      ? `${list(topTied)} tie for the most sales ${f.data.in_period}, with ${money(top.sales)} each.`
      : `${top.name} made the most sales ${f.data.in_period}: ${money(top.sales)} (${percent(top.share)} of sales) from ${plural(top.orders, "order")}` +
        (second ? `, ahead of ${second.name} with ${money(second.sales)}.` : "."),
    evidence: present([
      `${bestRate.name} has the highest sales per active month (${money(bestRate.sales_per_active_month ?? 0)} over ${plural(bestRate.active_months, "month")}).`,
      `${busiest.name} served the most customers (${count(busiest.customers)}).`,
      ...f.ties
        .filter((g) => g !== topTied)
        .map((g) => `${list(g)} tie on sales at ${money(byName.get(g[0])!.sales)} and share a rank.`),
      movers(f.ranking, f.data.previous),
    ]),
    recommendation: [
      `Reward ${list(rewarded.map((r) => r.name))}: ${perMonth ? "the highest sales per active month" : "the highest sales"} ${f.data.in_period} ` +
        `(${list(rewarded.map((r) => money(perMonth ? (r.sales_per_active_month ?? 0) : r.sales)))}${perMonth ? " a month" : ""}).` +
        (perMonth
          ? " Ranking by monthly rate rather than by total keeps employees who were active fewer months from being penalised for it."
          : ""),
    ],
    caveats: present([
      f.fairness.late_starters.length > 0 &&
        `Tenure differs: ${list(f.fairness.late_starters.map((s) => `${s.name} (first order ${s.first_order_ever})`))} started after the others, so ${f.fairness.late_starters.length === 1 ? "that total covers" : "their totals cover"} fewer months.`,
      f.fairness.active_months.min !== f.fairness.active_months.max &&
        `Active months range from ${count(f.fairness.active_months.min)} to ${count(f.fairness.active_months.max)}, which is why sales per active month is shown beside the totals.`,
      `The extracts hold no sales territories or targets; the countries each employee served (from ${count(f.fairness.countries.min)} to ${count(f.fairness.countries.max)}) are the only proxy, so check territory size before rewarding on these figures alone.`,
      f.without_orders.length > 0 &&
        `${list(f.without_orders)} took no orders ${f.data.in_period} and ${f.without_orders.length === 1 ? "is" : "are"} not ranked.`,
      f.data.comparison_note,
      historyCaveat(f.data),
    ]),
  };
}
