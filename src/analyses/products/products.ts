import { ANALYSIS_DEFAULTS, assumedMargin, loadCostAssumptions, type CostAssumptions } from "../../config.js";
import type { AnalysisContext, AnalysisResult } from "../../analyse/analysis.js";
import { quadrantChart, rankingChart } from "../../analyse/charts.js";
import { productsCommentary } from "./commentary.js";
import { dataContext, dataContextRows, type DataContext } from "../../analyse/data-context.js";
import { count, money, percent } from "../../analyse/format.js";
import { num, runAnalysisQuery, runWarehouseQuery } from "../../analyse/params.js";
import { combinedBasis, profitOf, type CostBasis } from "./profit.js";
import { QUADRANT_LABEL, quadrantOf, type Quadrant } from "./quadrant.js";
import { growthRate, median, share } from "../../analyse/ranking.js";
import { keyFigures, periodCaption } from "../../analyse/tables.js";
import { COLUMNS } from "../../analyse/columns.js";
import { markdownSafe } from "../../analyse/commentary/text.js";

/**
 * Products for investment by sales and profitability: sales, volume and
 * order lines by product, category and supplier; gross profit from real costs when
 * ProductCosts.csv was loaded, from assumed category margins otherwise; and a
 * sales-against-margin quadrant.
 */

export interface ProductRow {
  rank: number;
  product_id: number;
  name: string;
  category: string;
  supplier: string;
  sales: number;
  share: number;
  cumulative_share: number;
  units: number;
  /** Order lines with the product: the orders that hold it, as an order lists a product once. */
  order_lines: number;
  previous_sales: number;
  change: number | null;
  profit: number;
  margin: number | null;
  cost_basis: CostBasis;
  quadrant: Quadrant;
  /** Fewer order lines than ANALYSIS_DEFAULTS.thinOrders: the figures are anecdotal. */
  thin: boolean;
}

export interface GroupRow {
  rank: number;
  name: string;
  sales: number;
  share: number;
  units: number;
  /** Order lines of the group's products (an order with two of them counts twice). */
  order_lines: number;
  /** Products of the group that sold. */
  products: number;
  previous_sales: number;
  change: number | null;
  profit: number;
  margin: number | null;
  cost_basis: CostBasis;
}

export interface CategoryRow extends GroupRow {
  /** The margin assumed for the category's uncosted sales; null when all had costs. */
  assumed_margin: number | null;
}

export interface SupplierRow extends GroupRow {
  country: string | null;
}

export interface ProductFigures {
  total_sales: number;
  total_profit: number;
  margin: number | null;
  /** "estimated" when no line had a cost: every profit figure is then an estimate. */
  cost_basis: CostBasis;
  /** Where the assumed margins came from, when any were used. */
  assumptions_source: string | null;
  /** Products in the catalogue (within the category filter). */
  catalogue: number;
  products_sold: number;
  ranking: ProductRow[];
  categories: CategoryRow[];
  suppliers: SupplierRow[];
  quadrant: {
    /** Median sales of the products sold. */
    sales_threshold: number;
    /** Margin of all sales together. */
    margin_threshold: number;
    invest: string[];
    maintain: string[];
    review: string[];
  };
  thin_orders: number;
  data: DataContext;
}

interface CatalogueRow {
  [key: string]: string | number | null;
  product_id: number;
  product_name: string;
  category_name: string;
  supplier_id: number;
  supplier_name: string;
  supplier_country: string | null;
}

interface ProductSqlRow {
  [key: string]: string | number | null;
  product_id: number;
  sales: number;
  units: number;
  order_lines: number;
  cost: number | null;
  uncosted_sales: number;
  previous_sales: number;
}

export async function productFigures(
  ctx: AnalysisContext,
  assumptions: CostAssumptions = loadCostAssumptions(ctx.dataDir),
): Promise<ProductFigures> {
  const data = await dataContext(ctx);
  // A period that holds every order, unfiltered by country, lets the query skip the orders.
  const whole =
    data.coverage.first_order >= ctx.period.start && data.coverage.last_order < ctx.period.end && !ctx.filters.country;
  const sold = (await runAnalysisQuery<ProductSqlRow>(ctx, "products", { whole })).filter((r) => num(r.sales) > 0);
  const catalogue = new Map((await runWarehouseQuery<CatalogueRow>(ctx, "product_base")).map((p) => [p.product_id, p]));
  const [base] = await runWarehouseQuery<{ products: number }>(ctx, "product_count");
  const info = (id: number) => catalogue.get(id)!;
  // Largest first; equal sales by name, then id, the same on every database.
  const rows = sold.sort(
    (a, b) =>
      num(b.sales) - num(a.sales) ||
      info(a.product_id).product_name.localeCompare(info(b.product_id).product_name, "en") ||
      a.product_id - b.product_id,
  );

  const total = rows.reduce((s, r) => s + num(r.sales), 0);
  const profits = rows.map((r) =>
    profitOf(
      {
        sales: num(r.sales),
        cost: r.cost === null ? null : num(r.cost),
        uncosted_sales: num(r.uncosted_sales),
        category: info(r.product_id).category_name,
      },
      assumptions,
    ),
  );
  const totalProfit = profits.reduce((s, p) => s + p.profit, 0);
  const salesThreshold = median(rows.map((r) => num(r.sales)));
  const marginThreshold = total > 0 ? totalProfit / total : 0;
  const thin = ANALYSIS_DEFAULTS.thinOrders;
  let running = 0;
  const ranking: ProductRow[] = rows.map((r, i) => {
    running += num(r.sales);
    const p = profits[i];
    const product = info(r.product_id);
    return {
      rank: i + 1,
      product_id: product.product_id,
      name: product.product_name,
      category: product.category_name,
      supplier: product.supplier_name,
      sales: num(r.sales),
      share: share(num(r.sales), total),
      cumulative_share: share(running, total),
      units: num(r.units),
      order_lines: num(r.order_lines),
      previous_sales: num(r.previous_sales),
      change: growthRate(num(r.sales), num(r.previous_sales), data.comparable),
      profit: p.profit,
      margin: p.margin,
      cost_basis: p.cost_basis,
      quadrant: quadrantOf(num(r.sales), p.margin, salesThreshold, marginThreshold),
      thin: num(r.order_lines) < thin,
    };
  });

  // Every product belongs to one category and one supplier, so their figures are sums of products'.
  const previousOf = new Map(rows.map((r) => [r.product_id, num(r.previous_sales)]));
  const groupBy = (key: (r: ProductRow) => string | number): GroupRow[] => {
    const groups = new Map<string | number, ProductRow[]>();
    for (const r of ranking) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
    return [...groups.values()]
      .map((members) => {
        const sales = members.reduce((s, m) => s + m.sales, 0);
        const previous = members.reduce((s, m) => s + (previousOf.get(m.product_id) ?? 0), 0);
        const profit = members.reduce((s, m) => s + m.profit, 0);
        return {
          rank: 0,
          name: "",
          sales,
          share: share(sales, total),
          units: members.reduce((s, m) => s + m.units, 0),
          order_lines: members.reduce((s, m) => s + m.order_lines, 0),
          products: members.length,
          previous_sales: previous,
          change: growthRate(sales, previous, data.comparable),
          profit,
          margin: sales !== 0 ? profit / sales : null,
          cost_basis: combinedBasis(members.map((m) => m.cost_basis)),
          _first: members[0],
        };
      })
      .sort((a, b) => b.sales - a.sales || String(key(a._first)).localeCompare(String(key(b._first)), "en"))
      .map(({ _first, ...g }, i) => ({ ...g, rank: i + 1, name: String(key(_first)) }));
  };
  const categories: CategoryRow[] = groupBy((r) => r.category).map((g) => ({
    ...g,
    assumed_margin: g.cost_basis === "actual" ? null : assumedMargin(assumptions, g.name),
  }));
  const supplierOf = (r: ProductRow) => info(r.product_id).supplier_id;
  const suppliers: SupplierRow[] = groupBy(supplierOf).map((g) => {
    const supplier = [...catalogue.values()].find((p) => p.supplier_id === Number(g.name))!;
    return { ...g, name: supplier.supplier_name, country: supplier.supplier_country };
  });
  const basis = combinedBasis(ranking.map((r) => r.cost_basis));
  const names = (q: Quadrant) => ranking.filter((r) => r.quadrant === q).map((r) => r.name);
  return {
    total_sales: total,
    total_profit: totalProfit,
    margin: total > 0 ? totalProfit / total : null,
    cost_basis: basis,
    assumptions_source: basis === "actual" ? null : assumptions.source,
    catalogue: num(base?.products),
    products_sold: ranking.length,
    ranking,
    categories,
    suppliers,
    quadrant: {
      sales_threshold: salesThreshold,
      margin_threshold: marginThreshold,
      invest: names("invest"),
      maintain: names("maintain"),
      review: names("review"),
    },
    thin_orders: thin,
    data,
  };
}

export async function analyseProducts(ctx: AnalysisContext): Promise<AnalysisResult<ProductFigures>> {
  const f = await productFigures(ctx);
  const estimated = f.cost_basis !== "actual";
  const profitLabel = estimated ? "Profit (estimated)" : "Profit";
  const marginLabel = estimated ? "Margin (estimated)" : "Margin";
  return {
    key: "products",
    title: "Products: where to invest",
    figures: f,
    commentary: productsCommentary(markdownSafe(f)),
    charts: [
      {
        id: "products-top",
        title: "Top products by sales",
        spec: rankingChart(
          f.ranking.map((r) => ({ name: r.name, value: r.sales })),
          { title: "Top products by sales", subtitle: periodCaption(ctx.period.label) },
        ),
      },
      {
        id: "products-quadrant",
        title: estimated ? "Sales and estimated margin by product" : "Sales and margin by product",
        spec: quadrantChart(
          f.ranking.map((r) => ({
            name: r.name,
            sales: r.sales,
            margin: r.margin ?? 0,
            quadrant: QUADRANT_LABEL[r.quadrant],
          })),
          {
            title: estimated ? "Sales and estimated margin by product" : "Sales and margin by product",
            salesThreshold: f.quadrant.sales_threshold,
            marginThreshold: f.quadrant.margin_threshold,
            estimated,
          },
        ),
      },
      {
        id: "products-categories",
        title: "Sales by category",
        spec: rankingChart(
          f.categories.map((c) => ({ name: c.name, value: c.sales })),
          { title: "Sales by category", subtitle: periodCaption(ctx.period.label) },
        ),
      },
    ],
    tables: [
      keyFigures("products-summary", "Product figures", [
        ["Sales", money(f.total_sales)],
        [profitLabel, money(f.total_profit)],
        [marginLabel, f.margin === null ? "n/a" : percent(f.margin)],
        [
          "Costs",
          estimated
            ? f.cost_basis === "mixed"
              ? "partly from ProductCosts.csv, partly assumed"
              : `assumed margins (${f.assumptions_source})`
            : "ProductCosts.csv",
        ],
        ["Products in the catalogue", count(f.catalogue)],
        ["Products sold", count(f.products_sold)],
        ["Products not sold", count(f.catalogue - f.products_sold)],
        ["Quadrant line: median product sales", money(f.quadrant.sales_threshold)],
        [`Quadrant line: overall margin${estimated ? " (estimated)" : ""}`, percent(f.quadrant.margin_threshold)],
        ["Products to invest in", count(f.quadrant.invest.length)],
        ["Products to maintain", count(f.quadrant.maintain.length)],
        ["Products to review", count(f.quadrant.review.length)],
        ["Order lines below which a product's figures are anecdotal", count(f.thin_orders)],
        ...dataContextRows(f.data),
      ]),
      {
        id: "products-ranking",
        title: "Products by sales",
        limit: 20,
        columns: [
          COLUMNS.rank,
          { key: "name", label: "Product", format: "text" },
          { key: "category", label: "Category", format: "text" },
          COLUMNS.sales,
          COLUMNS.share,
          COLUMNS.cumulative_share,
          COLUMNS.units,
          COLUMNS.order_lines,
          { key: "profit", label: profitLabel, format: "money" },
          { key: "margin", label: marginLabel, format: "percent" },
          COLUMNS.previous_sales,
          COLUMNS.change,
          { key: "quadrant_label", label: "Quadrant", format: "text" },
        ],
        rows: f.ranking.map((r) => ({
          rank: r.rank,
          name: r.name,
          category: r.category,
          sales: r.sales,
          share: r.share,
          cumulative_share: r.cumulative_share,
          units: r.units,
          order_lines: r.order_lines,
          profit: r.profit,
          margin: r.margin,
          previous_sales: r.previous_sales,
          change: r.change,
          quadrant_label: QUADRANT_LABEL[r.quadrant],
        })),
      },
      {
        id: "products-categories",
        title: "Sales by category",
        columns: [
          COLUMNS.rank,
          { key: "name", label: "Category", format: "text" },
          COLUMNS.sales,
          COLUMNS.share,
          COLUMNS.units,
          COLUMNS.order_lines,
          { key: "products", label: "Products sold", format: "count" },
          { key: "profit", label: profitLabel, format: "money" },
          { key: "margin", label: marginLabel, format: "percent" },
          ...(estimated ? [{ key: "assumed_margin", label: "Assumed margin", format: "percent" as const }] : []),
          COLUMNS.previous_sales,
          COLUMNS.change,
        ],
        rows: f.categories.map(({ cost_basis: _, ...c }) => c),
      },
      {
        id: "products-suppliers",
        title: "Sales by supplier",
        limit: 15,
        columns: [
          COLUMNS.rank,
          { key: "name", label: "Supplier", format: "text" },
          COLUMNS.country,
          COLUMNS.sales,
          COLUMNS.share,
          COLUMNS.order_lines,
          { key: "products", label: "Products sold", format: "count" },
          { key: "profit", label: profitLabel, format: "money" },
          { key: "margin", label: marginLabel, format: "percent" },
        ],
        rows: f.suppliers.map(({ cost_basis: _, ...s }) => s),
      },
    ],
  };
}
