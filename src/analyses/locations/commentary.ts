import { historyCaveat } from "../../analyse/data-context.js";
import { count, growth, list, money, percent, plural } from "../../analyse/format.js";
import type { CountryRow, InvestmentPick, LocationFigures } from "./locations.js";
import { movers, present } from "../../analyse/commentary/phrases.js";
import type { Commentary } from "../../analyse/commentary/commentary.js";

/** Which countries to invest in first, and why. */
export function locationsCommentary(f: LocationFigures): Commentary {
  if (f.country_count === 0)
    return {
      finding: `There were no sales ${f.data.in_period}, so no location stands out.`,
      evidence: [],
      recommendation: [],
      caveats: present([f.data.comparison_note]),
    };
  const [first, second] = f.ranking;
  const city = f.cities[0];
  const byName = new Map(f.ranking.map((r) => [r.name, r]));
  const picks = f.invest.map((p) => ({ pick: p, row: byName.get(p.country)! }));
  const thin = f.ranking.filter((r) => r.thin);
  const single = f.country_count === 1;

  return {
    finding: single
      ? `All sales ${f.data.in_period} came from ${first.name}: ${money(first.sales)} from ${plural(first.orders, "order")}.`
      : `${first.name} is the largest market with ${money(first.sales)} (${percent(first.share)} of sales), ahead of ${second.name} with ${money(second.sales)}; ` +
        `${f.concentration.countries_for_half === 1 ? "it alone makes" : `${count(f.concentration.countries_for_half)} countries make`} half of sales.`,
    evidence: present([
      !single &&
        `The three largest countries make ${percent(f.concentration.top3_share)} of sales across ${plural(f.country_count, "country", "countries")} with sales.`,
      f.sales_per_customer !== null &&
        `Sales per ordering customer average ${money(f.sales_per_customer)}; ${perCustomerContrast(f.ranking, f.sales_per_customer)}`,
      city &&
        `The largest city is ${city.city} (${city.country}) with ${money(city.sales)} from ${plural(city.customers, "customer")}.`,
      movers(
        f.ranking.filter((r) => !r.thin),
        f.data.previous,
      ),
    ]),
    recommendation: picks.length
      ? [
          picks.length === 1
            ? `Only ${picks[0].row.name} has enough orders ${f.data.in_period} to judge; decide on a longer period before investing elsewhere.`
            : `Invest first in ${list(picks.map((p) => p.row.name))}: the largest markets with enough orders to judge.`,
          ...picks.map(
            ({ pick, row }) =>
              `${row.name}: ${money(row.sales)} (${percent(row.share)} of sales) from ${plural(row.customers, "customer")}; ${leverText(pick, row)}`,
          ),
        ]
      : [
          `No country has enough orders ${f.data.in_period} to support an investment decision; decide on a longer period.`,
        ],
    caveats: present([
      thin.length > 0 &&
        `${thin.length === 1 ? `${thin[0].name} has` : `${count(thin.length)} countries have`} fewer than ${plural(f.thin_orders, "order")} in the period` +
          `${
            thin.length > 1
              ? ` (${
                  thin.length > 6
                    ? `${thin
                        .slice(0, 6)
                        .map((t) => t.name)
                        .join(", ")} and others`
                    : list(thin.map((t) => t.name))
                })`
              : ""
          }: their figures rest on a handful of orders and are left out of the investment choice.`,
      "Countries are the customers' countries (where goods are delivered), not where the company's sales offices sit.",
      f.data.comparison_note,
      historyCaveat(f.data),
    ]),
  };
}

function perCustomerContrast(ranking: readonly CountryRow[], average: number): string {
  const solid = ranking.filter((r) => !r.thin && r.sales_per_customer !== null);
  const high = [...solid].sort((a, b) => (b.sales_per_customer ?? 0) - (a.sales_per_customer ?? 0))[0];
  if (!high || (high.sales_per_customer ?? 0) < 1.2 * average)
    return "no country with enough orders stands far above that.";
  return `${high.name} stands out with ${money(high.sales_per_customer ?? 0)} per customer from ${plural(high.customers, "customer")}.`;
}

function leverText(pick: InvestmentPick, row: CountryRow): string {
  switch (pick.lever) {
    case "accounts":
      return `sales rest on a few large accounts (${money(row.sales_per_customer ?? 0)} per customer), so invest in key-account service and retention there.`;
    case "activation":
      return `only ${count(row.customers)} of its ${count(row.customer_base)} customers on file ordered, so invest in activating the rest.`;
    case "growth":
      return `sales grew ${growth(row.change)} against the previous period, so add sales capacity behind that momentum.`;
    default:
      return `a broad base of ${plural(row.customers, "customer")} at ${money(row.sales_per_customer ?? 0)} each, so invest in reaching new customers there.`;
  }
}
