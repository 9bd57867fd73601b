import type { CustomerFigures } from "./customers.js";
import { historyCaveat } from "../../analyse/data-context.js";
import { count, list, money, percent, plural } from "../../analyse/format.js";
import { movers, names, present } from "../../analyse/commentary/phrases.js";
import type { Commentary } from "../../analyse/commentary/commentary.js";

/** Names quoted in a sentence before pointing to the table. */
const MAX_NAMES = 12;

/** Who earns which loyalty tier, and why. */
export function customersCommentary(f: CustomerFigures): Commentary {
  if (f.customers_ordered === 0)
    return {
      finding: `No customer ordered ${f.data.in_period}, so there is no one to enrol in a loyalty tier for this period.`,
      evidence: [],
      recommendation: [],
      caveats: present([f.data.comparison_note]),
    };
  const [gold, silver, bronze] = f.tiers;
  const top = f.ranking[0];
  const tenth = f.ranking[Math.min(9, f.ranking.length - 1)];
  const tied = f.ranking.filter(
    (r, i) => i > 0 && Math.round(r.sales * 100) === Math.round(f.ranking[i - 1].sales * 100),
  );

  return {
    finding:
      `Sales are concentrated: the ${plural(gold.customers, "customer")} of the ${gold.name} tier ` +
      `(${percent(gold.customer_share)} of the ${count(f.customers_ordered)} who ordered) made ${percent(gold.share)} of sales ${f.data.in_period}.`,
    evidence: present([
      `${top.name}${top.country ? ` (${top.country})` : ""} is the largest customer with ${money(top.sales)}, ${percent(top.share)} of sales, from ${plural(top.orders, "order")}.`,
      f.ranking.length > 10 &&
        gold.customers !== 10 &&
        `The ten largest customers, down to ${tenth.name}, made ${percent(tenth.cumulative_share)} of sales.`,
      silver &&
        silver.customers > 0 &&
        `The ${silver.name} tier adds ${plural(silver.customers, "customer")} and ${percent(silver.share)} of sales; the ${bronze.name} tier's ${plural(bronze.customers, "customer")} make the remaining ${percent(bronze.share)}.`,
      f.never_ordered > 0 &&
        `${count(f.never_ordered)} of the ${count(f.customer_base)} customers on file have never ordered.`,
      f.data.coverage.previous !== "none" &&
        f.new_customers > 0 &&
        `${plural(f.new_customers, "customer")} ordered for the first time ${f.data.in_period}.`,
      movers(f.ranking, f.data.previous),
      f.lapsed.length > 0 &&
        `${plural(f.lapsed_customers, "customer")} who ordered in ${f.data.previous} did not order ${f.data.in_period}, the largest being ${list(f.lapsed.slice(0, 3).map((l) => `${l.name} (${money(l.previous_sales)})`))}.`,
    ]),
    recommendation: present([
      `Enrol the ${gold.name} tier first: ${names(gold.members, MAX_NAMES, "the loyalty tiers table")}. They carry ${money(gold.sales)} of sales between them, so retaining them matters most.`,
      silver &&
        silver.customers > 0 &&
        `Offer the ${silver.name} tier (${names(silver.members, MAX_NAMES, "the loyalty tiers table")}) a path to ${gold.name} through volume targets.`,
      bronze &&
        bronze.customers > 0 &&
        `Keep the ${bronze.name} tier on standard terms and reach it through the segment-based marketing program.`,
      f.lapsed.length > 0 &&
        `Call the customers who did not reorder, starting with ${f.lapsed[0].name}, before enrolling anyone new.`,
    ]),
    caveats: present([
      gold.single_order_members.length > 0 &&
        `${list(gold.single_order_members)} reached ${gold.name} with a single order: confirm ${gold.single_order_members.length === 1 ? "it reorders" : "they reorder"} before granting full benefits.`,
      f.tier_ties.length > 0 &&
        `${list(f.tier_ties)} tied on sales with a customer in a higher tier and ${f.tier_ties.length === 1 ? "was" : "were"} placed in that tier too.`,
      tied.length > 0 &&
        f.tier_ties.length === 0 &&
        `Some customers tie on sales (${list(tied.slice(0, 3).map((t) => `${t.name} at ${money(t.sales)}`))}); tied customers share a tier.`,
      f.data.comparison_note,
      historyCaveat(f.data),
      "Tiers rank customers by sales in this period alone; a customer's margin and payment record are not in the data.",
    ]),
  };
}
