import { test } from "node:test";
import assert from "node:assert/strict";
import type { CustomerFeatures } from "../features.js";
import { describeCluster } from "./describe.js";
import { GroupAccumulator } from "./profile.js";
import { buyerSpace, featureSpecs, type BuyerFeatures } from "./space.js";

const customer = (id: number, country: string, orders: number, sales: number, beverages: number): CustomerFeatures => ({
  customer_id: id,
  customer_name: `Customer ${id}`,
  country,
  orders,
  sales,
  units: orders * 10,
  first_order: "1997-01-01",
  last_order: "1997-02-01",
  recency_days: 27,
  tenure_days: 58,
  avg_order_value: sales / orders,
  sales_recent: sales,
  sales_prior: 0,
  category_share: { Beverages: beverages, Seafood: 1 - beverages },
});

test("a cluster is described relative to all buyers: value, frequency, category and country", () => {
  const big = [1, 2, 3].map((i) => customer(i, "Germany", 12, 20000, 0.9));
  const small = [4, 5, 6, 7, 8, 9].map((i) => customer(i, i % 2 ? "France" : "Spain", 1, 10000, 0.05));
  const specs = featureSpecs([]);
  const { scaling } = buyerSpace([...big, ...small] as BuyerFeatures[], specs);
  const all = new GroupAccumulator();
  [...big, ...small].forEach((c) => all.add(c));
  const group = new GroupAccumulator();
  big.forEach((c) => group.add(c));
  assert.equal(
    describeCluster(group.stats(scaling), all.stats(scaling)),
    "high value, frequent, small orders, beverage-heavy, all Germany",
  );
  const rest = new GroupAccumulator();
  small.forEach((c) => rest.add(c));
  assert.equal(
    describeCluster(rest.stats(scaling), all.stats(scaling)),
    "low value, infrequent, large orders, seafood-heavy, mostly France",
  );
});

test("a group's profile averages its buyers and ranks its categories and countries", () => {
  const g = new GroupAccumulator();
  g.add(customer(1, "Germany", 2, 1000, 0.5));
  g.add(customer(2, "Germany", 4, 3000, 0.25));
  g.add({
    ...customer(3, "Austria", 1, 0, 0),
    orders: 0,
    sales: 0,
    recency_days: null,
    tenure_days: null,
    avg_order_value: null,
  });
  const s = g.stats();
  assert.equal(s.customers, 3);
  assert.equal(s.buyers, 2);
  assert.equal(s.profile.avg_orders, 3);
  assert.equal(s.profile.avg_sales, 2000);
  assert.equal(s.profile.avg_order_value, 4000 / 6);
  assert.deepEqual(
    s.profile.top_categories.map((c) => [c.name, c.share]),
    [
      ["Seafood", 0.6875],
      ["Beverages", 0.3125],
    ],
  );
  assert.deepEqual(
    s.profile.top_countries.map((c) => c.name),
    ["Germany", "Austria"],
  );
  assert.deepEqual(s.members, ["Customer 2", "Customer 1", "Customer 3"]);
});
