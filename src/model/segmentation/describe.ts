import type { GroupStats } from "./profile.js";

/**
 * A cluster in words, from its profile relative to all buyers: "high value,
 * frequent, beverage-heavy, mostly Germany". A behaviour is named when the
 * cluster's mean sits at least half a standard deviation (of the log1p
 * feature) from the buyers' mean; a category when its share of the cluster's
 * sales is at least 1.4 times its share overall and at least a quarter; a
 * country when it holds at least half of the cluster's customers.
 */

const NOTABLE = 0.5;

const WORDS: Record<string, [high: string, low: string]> = {
  sales: ["high value", "low value"],
  orders: ["frequent", "infrequent"],
  recency_days: ["long since last order", "recently active"],
  tenure_days: ["long-standing", "new"],
  avg_order_value: ["large orders", "small orders"],
};

/** How a category reads as an adjective: "Beverages" → "beverage-heavy". */
const CATEGORY_WORD: Record<string, string> = {
  Beverages: "beverage",
  Condiments: "condiment",
  Confections: "confection",
  "Dairy Products": "dairy",
  "Grains/Cereals": "grain",
  "Meat/Poultry": "meat",
  Produce: "produce",
  Seafood: "seafood",
};

export function describeCluster(group: GroupStats, population: GroupStats): string {
  if (group.buyers === 0) return "no purchase yet";
  const words: string[] = [];
  const value = group.z.sales ?? 0;
  words.push(value >= NOTABLE ? WORDS.sales[0] : value <= -NOTABLE ? WORDS.sales[1] : "mid value");
  for (const feature of ["orders", "recency_days", "tenure_days", "avg_order_value"]) {
    const z = group.z[feature] ?? 0;
    if (z >= NOTABLE) words.push(WORDS[feature][0]);
    else if (z <= -NOTABLE) words.push(WORDS[feature][1]);
  }
  const heavy = heavyCategory(group, population);
  if (heavy) words.push(`${CATEGORY_WORD[heavy.name] ?? heavy.name.toLowerCase()}-heavy`);
  const country = group.profile.top_countries[0];
  if (country && country.share >= 0.5)
    words.push(country.share === 1 ? `all ${country.name}` : `mostly ${country.name}`);
  return words.join(", ");
}

/** The category a group buys notably more of than everyone (see above), if any. */
export function heavyCategory(
  group: GroupStats,
  population: GroupStats,
): { name: string; share: number; lift: number } | undefined {
  return Object.entries(group.category_mix)
    .map(([name, share]) => ({ name, share, lift: share / (population.category_mix[name] || Infinity) }))
    .filter((c) => c.share >= 0.25 && c.lift >= 1.4)
    .sort((a, b) => b.lift - a.lift)[0];
}
