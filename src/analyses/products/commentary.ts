import { historyCaveat } from "../../analyse/data-context.js";
import { count, list, money, percent } from "../../analyse/format.js";
import type { ProductFigures, ProductRow } from "./products.js";
import { movers, names, present } from "../../analyse/commentary/phrases.js";
import type { Commentary } from "../../analyse/commentary/commentary.js";

/** How many products to name per quadrant. */
const NAMED = 5;

/** Which products to invest in, maintain or review, and how sure the profit figures are. */
export function productsCommentary(f: ProductFigures): Commentary {
  if (f.products_sold === 0)
    return {
      finding: `No product sold ${f.data.in_period}.`,
      evidence: [],
      recommendation: [],
      caveats: present([f.data.comparison_note]),
    };
  const est = estimateNote(f);
  const top = f.ranking[0];
  const third = f.ranking[Math.min(2, f.ranking.length - 1)];
  const category = f.categories[0];
  const supplier = f.suppliers[0];
  const byName = new Map(f.ranking.map((r) => [r.name, r]));
  const rows = (list_: string[]) => list_.map((n) => byName.get(n)!);
  const invest = rows(f.quadrant.invest);
  const maintain = rows(f.quadrant.maintain);
  const review = rows(f.quadrant.review).sort((a, b) => a.sales - b.sales);
  const margins = f.categories.map((c) => c.margin ?? 0);
  const best = f.categories.find((c) => (c.margin ?? 0) === Math.max(...margins));
  const worst = f.categories.find((c) => (c.margin ?? 0) === Math.min(...margins));
  const thinInvest = invest.filter((r) => r.thin);

  return {
    finding:
      `${top.name} leads product sales with ${money(top.sales)} (${percent(top.share)}), and ${category.name} is the largest category with ${percent(category.share)} of sales. ` +
      `Gross profit comes to ${money(f.total_profit)}, a ${percent(f.margin ?? 0)} margin${est.inline}.`,
    evidence: present([
      f.ranking.length > 3 &&
        `The three best-selling products make ${percent(third.cumulative_share)} of sales; ` +
          (f.products_sold === f.catalogue
            ? `every one of the ${count(f.catalogue)} products in the catalogue sold.`
            : `${count(f.products_sold)} of the ${count(f.catalogue)} products in the catalogue sold.`),
      supplier &&
        `${supplier.name}${supplier.country ? ` (${supplier.country})` : ""} is the largest supplier by sales with ${money(supplier.sales)} (${percent(supplier.share)}).`,
      f.cost_basis === "estimated"
        ? `With assumed margins, margin differs only by category, so the quadrant below separates products by their sales and their category.`
        : best &&
          worst &&
          best !== worst &&
          `${best.name} earns the highest margin (${percent(best.margin ?? 0)}) and ${worst.name} the lowest (${percent(worst.margin ?? 0)})${est.inline}.`,
      movers(
        f.ranking.filter((r) => !r.thin),
        f.data.previous,
      ),
    ]),
    recommendation: present([
      invest.length > 0 &&
        `Invest in ${names(
          invest.map((r) => r.name),
          NAMED,
          "the product table",
        )}: sales at or above the median product's ${money(f.quadrant.sales_threshold)} and a margin at or above the overall ${percent(f.quadrant.margin_threshold)}${est.inline}.`,
      maintain.length > 0 &&
        `Maintain ${names(
          maintain.map((r) => r.name),
          NAMED,
          "the product table",
        )}: strong on sales or on margin but not both, so protect volume and work on price or cost.`,
      review.length > 0 &&
        `Review ${names(
          review.map((r) => r.name),
          NAMED,
          "the product table",
        )}: below the line on both sales and margin, candidates for repricing, promotion or delisting.`,
    ]),
    caveats: present([
      est.caveat,
      thinInvest.length > 0 &&
        `${list(thinInvest.slice(0, NAMED).map((r) => r.name))} ${thinInvest.length === 1 ? "sits" : "sit"} in the invest quadrant on fewer than ${count(f.thin_orders)} order lines; confirm demand before investing.`,
      f.data.comparison_note,
      historyCaveat(f.data),
    ]),
  };
}

/** The words that go with every profit figure when costs are assumed. */
function estimateNote(f: ProductFigures): { inline: string; caveat: string | null } {
  if (f.cost_basis === "actual") return { inline: "", caveat: null };
  const assumed = f.categories.map((c) => c.assumed_margin).filter((m): m is number => m !== null);
  const lo = Math.min(...assumed);
  const hi = Math.max(...assumed);
  const range = lo === hi ? `${percent(lo)} margins` : `margins of ${percent(lo)} to ${percent(hi)} by category`;
  if (f.cost_basis === "estimated")
    return {
      inline: ` (estimated, assuming ${range})`,
      caveat:
        `The data holds no product costs (there is no ProductCosts.csv), so every profit and margin figure is an estimate, assuming ${range} ` +
        `(${f.assumptions_source === "defaults" ? "the defaults in src/config.ts" : f.assumptions_source}). Load ProductCosts.csv, or put finance's margins in cost-assumptions.json in the data folder, before acting on profitability.`,
    };
  const uncosted = f.ranking.filter((r: ProductRow) => r.cost_basis !== "actual").map((r) => r.name);
  return {
    inline: ` (partly estimated, assuming ${range} where costs are missing)`,
    caveat: `ProductCosts.csv has no cost for ${names(uncosted, NAMED, "the product table")}: their profit is estimated, assuming ${range}.`,
  };
}
