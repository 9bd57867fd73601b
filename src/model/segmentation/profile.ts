import type { CustomerFeatures, FeatureColumns } from "../features.js";
import { BEHAVIOUR_FEATURES, transformed, unitOf, type Scaling } from "./space.js";

/**
 * What a group of customers looks like: averages of the RFM features, the
 * categories that make its sales, the countries its customers are in — and,
 * for the words, how far each behaviour sits from all buyers in standard
 * deviations of the log1p features (the same yardstick as the clusters).
 */

export interface Profile {
  /** Averages over the group's buyers; null when it has none. */
  avg_recency_days: number | null;
  avg_orders: number | null;
  avg_sales: number | null;
  avg_order_value: number | null;
  avg_tenure_days: number | null;
  /** Share of the group's sales, largest first (up to 3). */
  top_categories: { name: string; share: number }[];
  /** Share of the group's customers, largest first (up to 3). */
  top_countries: { name: string; share: number }[];
}

export interface GroupStats {
  customers: number;
  buyers: number;
  sales: number;
  profile: Profile;
  /** Category → share of the group's sales (all categories). */
  category_mix: Record<string, number>;
  /** Behaviour feature → mean z-score (of the transformed feature) of the group's buyers against all buyers. */
  z: Record<string, number>;
  /** The largest customers by sales (then by name), at most MEMBERS_SHOWN. */
  members: string[];
}

/** Names listed per group: all of them on small data, the largest on big data. */
export const MEMBERS_SHOWN = 50;

/** Accumulates a group in one pass, so a million customers cost no copies. */
export class GroupAccumulator {
  customers = 0;
  buyers = 0;
  sales = 0;
  private orders = 0;
  private recency = 0;
  private tenure = 0;
  private logSums = new Array<number>(BEHAVIOUR_FEATURES.length).fill(0);
  private categorySales = new Map<string, number>();
  private countries = new Map<string, number>();
  /** Sorted by sales descending, then name; kept to MEMBERS_SHOWN. */
  private top: { name: string; sales: number }[] = [];
  /** Category sums of `addAt`, by the features' category index, until folded into categorySales. */
  private byIndex?: { names: string[]; sums: Float64Array; seen: boolean };

  add(c: CustomerFeatures): void {
    this.customers++;
    this.keep(c.customer_name, c.sales);
    this.countAt(c.country);
    if (c.orders <= 0) return;
    this.addBuyer(c.sales, c.orders, c.recency_days ?? 0, c.tenure_days ?? 0, c.avg_order_value ?? 0);
    for (const name in c.category_share) {
      this.categorySales.set(name, (this.categorySales.get(name) ?? 0) + c.category_share[name] * c.sales);
    }
  }

  /** Customer `i` of features by column: the same sums as `add`, without an object per customer. */
  addAt(f: FeatureColumns, i: number): void {
    this.customers++;
    const sales = f.sales[i];
    this.keep(f.names![i], sales);
    this.countAt(f.countries![i]);
    if (f.orders[i] <= 0) return;
    const or0 = (x: number) => (Number.isNaN(x) ? 0 : x);
    this.addBuyer(sales, f.orders[i], or0(f.recency[i]), or0(f.tenure[i]), or0(f.orderValue[i]));
    // Category sums by index, folded into the map by name when read (same additions, same order).
    if (!this.byIndex || this.byIndex.names !== f.categories) {
      this.flushCategories();
      this.byIndex = { names: f.categories, sums: new Float64Array(f.categories.length), seen: false };
    }
    const sums = this.byIndex.sums;
    for (let k = 0; k < sums.length; k++) sums[k] += f.shares[k][i] * sales;
    this.byIndex.seen = true;
  }

  private countAt(country: string | null): void {
    const key = country ?? "(unknown)";
    this.countries.set(key, (this.countries.get(key) ?? 0) + 1);
  }

  private addBuyer(sales: number, orders: number, recency: number, tenure: number, orderValue: number): void {
    this.buyers++;
    this.sales += sales;
    this.orders += orders;
    this.recency += recency;
    this.tenure += tenure;
    const values = [recency, orders, sales, tenure, orderValue];
    for (let j = 0; j < BEHAVIOUR_FEATURES.length; j++) this.logSums[j] += transformed(values[j], SPECS[j]);
  }

  private flushCategories(): void {
    if (!this.byIndex?.seen) return;
    const { names, sums } = this.byIndex;
    names.forEach((name, k) => this.categorySales.set(name, (this.categorySales.get(name) ?? 0) + sums[k]));
    this.byIndex = undefined;
  }

  /** Adds other groups into this one (all customers = the sum of their segments). */
  merge(...others: GroupAccumulator[]): this {
    this.flushCategories();
    for (const o of others) {
      o.flushCategories();
      this.customers += o.customers;
      this.buyers += o.buyers;
      this.sales += o.sales;
      this.orders += o.orders;
      this.recency += o.recency;
      this.tenure += o.tenure;
      for (let j = 0; j < this.logSums.length; j++) this.logSums[j] += o.logSums[j];
      for (const [k, v] of o.categorySales) this.categorySales.set(k, (this.categorySales.get(k) ?? 0) + v);
      for (const [k, v] of o.countries) this.countries.set(k, (this.countries.get(k) ?? 0) + v);
      for (const m of o.top) this.keep(m.name, m.sales);
    }
    return this;
  }

  private keep(name: string, sales: number): void {
    const top = this.top;
    if (top.length === MEMBERS_SHOWN && !ranksBefore(name, sales, top[MEMBERS_SHOWN - 1])) return;
    let i = top.length;
    while (i > 0 && ranksBefore(name, sales, top[i - 1])) i--;
    this.top.splice(i, 0, { name, sales });
    if (this.top.length > MEMBERS_SHOWN) this.top.pop();
  }

  stats(scaling?: Scaling): GroupStats {
    this.flushCategories();
    const b = this.buyers;
    const category_mix: Record<string, number> = {};
    for (const [name, s] of this.categorySales) category_mix[name] = this.sales > 0 ? s / this.sales : 0;
    const z: Record<string, number> = {};
    if (scaling && b > 0)
      BEHAVIOUR_FEATURES.forEach((f, j) => (z[f] = (this.logSums[j] / b - scaling.mean[j]) / scaling.sd[j]));
    return {
      customers: this.customers,
      buyers: b,
      sales: this.sales,
      category_mix,
      z,
      members: this.top.map((m) => m.name),
      profile: {
        avg_recency_days: b ? this.recency / b : null,
        avg_orders: b ? this.orders / b : null,
        avg_sales: b ? this.sales / b : null,
        avg_order_value: this.orders ? this.sales / this.orders : null,
        avg_tenure_days: b ? this.tenure / b : null,
        top_categories: top(category_mix, 3).filter((x) => x.share > 0),
        top_countries: top(Object.fromEntries([...this.countries].map(([k, v]) => [k, v / this.customers])), 3),
      },
    };
  }
}

const SPECS = BEHAVIOUR_FEATURES.map((f) => ({ unit: unitOf(f) }));

/** Larger sales first, then names in code-point order (cheap and stable). */
function ranksBefore(name: string, sales: number, x: { name: string; sales: number }): boolean {
  return sales > x.sales || (sales === x.sales && name < x.name);
}

function top(shares: Record<string, number>, n: number): { name: string; share: number }[] {
  return Object.entries(shares)
    .map(([name, share]) => ({ name, share }))
    .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name))
    .slice(0, n);
}
