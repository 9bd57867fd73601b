/**
 * Sample data for every chart builder: a preview gallery for designers and a
 * fixture for tests. Run `npx tsx src/charts/gallery.ts /tmp/charts` to write
 * each chart as PNG and SVG.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { countryChart, employeeChart, rankingChart, segmentChart } from "./bars.js";
import { histogramChart } from "./histogram.js";
import { paretoChart } from "./pareto.js";
import { renderPng, renderSvg } from "./render.js";
import { calibrationChart, quadrantChart, scatterChart } from "./scatter.js";
import { forecastChart, trendChart } from "./time.js";

// Sales below are quantity × price from data/*.csv, the Northwind extract
// (196 orders, July 1996 – February 1997); growth, segments, forecasts and
// the longer series are made up to exercise every builder.

/** Sales by country, with invented growth against a previous period. */
export const COUNTRY_SALES = [
  { country: "USA", sales: 69611.75, growth: 0.18 },
  { country: "Austria", sales: 51671.96, growth: -0.12 },
  { country: "Germany", sales: 47241.82, growth: 0.07 },
  { country: "Brazil", sales: 40215.25, growth: 0.31 },
  { country: "Canada", sales: 31326.35, growth: 0.05 },
  { country: "France", sales: 29549.15, growth: -0.04 },
  { country: "Denmark", sales: 17870.85, growth: 0.11 },
  { country: "UK", sales: 16695.79, growth: -0.22 },
  { country: "Ireland", sales: 15391.02, growth: null },
  { country: "Venezuela", sales: 13556.28, growth: 0.02 },
  { country: "Sweden", sales: 9720.8, growth: -0.09 },
  { country: "Switzerland", sales: 8124.75, growth: 0.14 },
];

/** The eleven largest customers. */
export const CUSTOMER_SALES = [
  { name: "Ernst Handel", value: 35631.21 },
  { name: "Mère Paillarde", value: 23362.6 },
  { name: "Save-a-lot Markets", value: 22500.06 },
  { name: "Rattlesnake Canyon Grocery", value: 18421.42 },
  { name: "QUICK-Stop", value: 18178.8 },
  { name: "Queen Cozinha", value: 17880.6 },
  { name: "Piccolo und mehr", value: 16040.75 },
  { name: "Hungry Owl All-Night Grocers", value: 15391.02 },
  { name: "Blondel père et fils", value: 15253.75 },
  { name: "Simons bistro", value: 14619.0 },
  { name: "Frankenversand", value: 13384.32 },
];

/** Sales, distinct orders and distinct customers per employee. */
export const EMPLOYEE_SALES = [
  { name: "Margaret Peacock", sales: 105696.5, orders: 40, customers: 31 },
  { name: "Nancy Davolio", sales: 57690.39, orders: 29, customers: 23 },
  { name: "Janet Leverling", sales: 42838.35, orders: 31, customers: 26 },
  { name: "Robert King", sales: 39772.3, orders: 14, customers: 14 },
  { name: "Laura Callahan", sales: 39309.38, orders: 27, customers: 25 },
  { name: "Andrew Fuller", sales: 32503.16, orders: 20, customers: 18 },
  { name: "Steven Buchanan", sales: 27480.8, orders: 11, customers: 10 },
  { name: "Michael Suyama", sales: 25399.25, orders: 18, customers: 17 },
  { name: "Anne Dodsworth", sales: 15734.1, orders: 6, customers: 6 },
];

export const SEGMENTS = [
  { segment: "Champions", customers: 12, sales_share: 0.46 },
  { segment: "Loyal", customers: 18, sales_share: 0.27 },
  { segment: "Promising", customers: 21, sales_share: 0.15 },
  { segment: "At risk", customers: 14, sales_share: 0.08 },
  { segment: "Dormant", customers: 9, sales_share: 0.04 },
];

/** Monthly sales of the extract; February 1997 is partial (the extract ends on the 12th). */
export const MONTHLY_SALES = [37779.85, 33285.49, 34565.6, 51528.69, 62163.99, 63721.23, 83400.47, 19978.91].map(
  (sales, i) => ({ month: monthAfter("1996-07", i), sales }),
);

/** `monthAfter("1996-07", 7)` → `"1997-02"`. */
function monthAfter(start: string, n: number): string {
  const [y, m] = start.split("-").map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
}

/** Three product categories over the seven whole months, each a share of the total with some noise. */
export const CATEGORY_TREND = (
  [
    ["Beverages", 0.28],
    ["Dairy Products", 0.2],
    ["Confections", 0.15],
  ] as const
).flatMap(([series, share], s) =>
  MONTHLY_SALES.slice(0, 7).map((r, i) => ({
    month: r.month,
    series,
    sales: r.sales * share * (1 + 0.18 * Math.sin(i * 1.7 + s * 2)),
  })),
);

/** The seven whole months, then an invented 6-month forecast with a widening range. */
export const FORECAST = [
  ...MONTHLY_SALES.slice(0, 7).map((r) => ({ month: r.month, actual: r.sales })),
  ...[78000, 81500, 84000, 86400, 89800, 92200].map((f, i) => ({
    month: monthAfter("1997-02", i),
    forecast: f,
    lower: f * (1 - 0.08 - 0.025 * i),
    upper: f * (1 + 0.08 + 0.025 * i),
  })),
];

/** 89 customers whose sales fall off like a typical Pareto curve. */
export const CUSTOMER_PARETO = cumulative(
  Array.from({ length: 89 }, (_, i) => ({
    name: `Customer ${i + 1}`,
    sales: Math.round(36000 * Math.pow(i + 1, -0.9) + 300),
  })),
);

/** Products, few enough to name. */
export const PRODUCT_PARETO = cumulative(
  [
    ["Côte de Blaye", 53265],
    ["Thüringer Rostbratwurst", 24623],
    ["Raclette Courdavault", 21576],
    ["Tarte au sucre", 19215],
    ["Camembert Pierrot", 18426],
    ["Gnocchi di nonna Alice", 16800],
    ["Manjimup Dried Apples", 15603],
    ["Alice Mutton", 15184],
    ["Carnarvon Tigers", 12912],
    ["Mozzarella di Giovanni", 11455],
    ["Rössle Sauerkraut", 9674],
    ["Gudbrandsdalsost", 9391],
    ["Ipoh Coffee", 8550],
    ["Sir Rodney's Marmalade", 7047],
  ].map(([name, sales]) => ({ name: String(name), sales: Number(sales) })),
);

function cumulative(rows: { name: string; sales: number }[]) {
  const total = rows.reduce((s, r) => s + r.sales, 0);
  let run = 0;
  return rows.map((r) => ({ ...r, cumulative_share: (run += r.sales) / total }));
}

/** Deterministic pseudo-random numbers in [0, 1), so samples are the same every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/** Products by sales and (estimated) margin. */
export const PRODUCT_QUADRANT = (() => {
  const rnd = random(7);
  const names = [
    "Côte de Blaye",
    "Thüringer Rostbratwurst",
    "Raclette Courdavault",
    "Tarte au sucre",
    "Camembert Pierrot",
    "Gnocchi di nonna Alice",
    "Manjimup Dried Apples",
    "Alice Mutton",
    "Carnarvon Tigers",
    "Mozzarella di Giovanni",
    "Rössle Sauerkraut",
    "Gudbrandsdalsost",
    "Ipoh Coffee",
    "Sir Rodney's Marmalade",
    "Chang",
    "Chais",
    "Konbu",
    "Tofu",
    "Pavlova",
    "Ikura",
    "Geitost",
    "Filo Mix",
    "Tunnbröd",
    "Spegesild",
    "Zaanse koeken",
    "Chocolade",
  ];
  return names.map((name, i) => {
    const sales = Math.round(52000 * Math.pow(i + 1, -0.8) * (0.8 + 0.4 * rnd()));
    const margin = Math.round((0.12 + 0.3 * rnd() - (i === 3 ? 0.2 : 0)) * 1000) / 1000;
    const quadrant =
      margin >= 0.25 ? (sales >= 10000 ? "Maintain" : "Invest") : sales >= 10000 ? "Review pricing" : "Review";
    return { name, sales, margin, quadrant };
  });
})();

/** Predicted against actual customer spend next quarter. */
export const PREDICTIONS = (() => {
  const rnd = random(11);
  // The first five are the largest, and named.
  return Array.from({ length: 60 }, (_, i) => {
    const actual = Math.round(i < 5 ? 15000 - 1800 * i : 500 + 11000 * Math.pow(rnd(), 2));
    return {
      x: Math.round(actual * (0.75 + 0.5 * rnd())),
      y: actual,
      label: ["Ernst Handel", "QUICK-Stop", "Save-a-lot Markets", "Hungry Owl", "Rattlesnake Canyon"][i],
    };
  });
})();

export const CALIBRATION = [
  { predicted: 0.05, observed: 0.03, count: 210 },
  { predicted: 0.15, observed: 0.12, count: 160 },
  { predicted: 0.25, observed: 0.27, count: 120 },
  { predicted: 0.35, observed: 0.41, count: 90 },
  { predicted: 0.45, observed: 0.49, count: 70 },
  { predicted: 0.55, observed: 0.52, count: 55 },
  { predicted: 0.65, observed: 0.6, count: 40 },
  { predicted: 0.75, observed: 0.71, count: 30 },
  { predicted: 0.85, observed: 0.88, count: 18 },
  { predicted: 0.95, observed: 0.9, count: 9 },
];

/** 830 order values, log-normal like real basket sizes. */
export const ORDER_VALUES = (() => {
  const rnd = random(3);
  return Array.from({ length: 830 }, () => {
    const z = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    return Math.round(Math.exp(6.9 + 0.85 * z) * 100) / 100;
  }).filter((v) => v < 12000);
})();

/** Every builder with representative data, keyed by a file-friendly name. */
export function gallery(): { id: string; spec: TopLevelSpec }[] {
  return [
    {
      id: "ranking",
      spec: rankingChart(CUSTOMER_SALES, {
        title: "Top 10 customers by sales",
        subtitle: "July 1996 – February 1997",
        highlight: 3,
      }),
    },
    { id: "country", spec: countryChart(COUNTRY_SALES) },
    { id: "employee", spec: employeeChart(EMPLOYEE_SALES) },
    { id: "segment", spec: segmentChart(SEGMENTS) },
    {
      id: "pareto",
      spec: paretoChart(CUSTOMER_PARETO, { title: "Sales concentration by customer", items: "customers" }),
    },
    {
      id: "pareto-named",
      spec: paretoChart(PRODUCT_PARETO, { title: "Sales concentration by product", items: "products" }),
    },
    {
      id: "quadrant",
      spec: quadrantChart(PRODUCT_QUADRANT, {
        title: "Products by sales and margin",
        salesThreshold: 10000,
        marginThreshold: 0.25,
        estimated: true,
      }),
    },
    {
      id: "scatter",
      spec: scatterChart(PREDICTIONS, {
        title: "Predicted vs actual spend",
        xTitle: "Predicted spend",
        yTitle: "Actual spend",
      }),
    },
    {
      id: "calibration",
      spec: calibrationChart(CALIBRATION, { title: "Will the customer reorder? Model calibration" }),
    },
    { id: "histogram", spec: histogramChart(ORDER_VALUES, { title: "Order values" }) },
    { id: "trend", spec: trendChart(MONTHLY_SALES, { subtitle: "July 1996 – February 1997 (February to the 12th)" }) },
    {
      id: "trend-series",
      spec: trendChart(CATEGORY_TREND, { title: "Monthly sales by category", subtitle: "July 1996 – January 1997" }),
    },
    { id: "forecast", spec: forecastChart(FORECAST, { title: "Sales forecast, next 6 months" }) },
  ];
}

async function main(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const { id, spec } of gallery()) {
    await writeFile(join(dir, `${id}.svg`), await renderSvg(spec, { standalone: true }));
    await writeFile(join(dir, `${id}.png`), await renderPng(spec));
    await writeFile(join(dir, `${id}.json`), JSON.stringify(spec, null, 2));
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv[2] ?? "/tmp/charts");
}
