import { ANALYSIS_DEFAULTS } from "../../config.js";
import { numbers, queryColumns } from "../../db/columns.js";
import { sqlFile } from "../../db/sql.js";
import type { AnalysisContext, AnalysisResult, PerCustomer } from "../../analyse/analysis.js";
import { paretoChart, rankingChart } from "../../analyse/charts.js";
import { customersCommentary } from "./commentary.js";
import { dataContext, dataContextRows, type DataContext } from "../../analyse/data-context.js";
import { count, money, percent } from "../../analyse/format.js";
import { date, num, queryInputs, runWarehouseQuery, type QueryInputs } from "../../analyse/params.js";
import { runTables } from "../../analyse/run-tables.js";
import { growthRate, ratio, share } from "../../analyse/ranking.js";
import { keyFigures, periodCaption } from "../../analyse/tables.js";
import { COLUMNS } from "../../analyse/columns.js";
import { markdownSafe } from "../../analyse/commentary/text.js";

/**
 * Customers for the loyalty program: who buys how much and how often, how
 * concentrated sales are (Pareto), and which loyalty tier each customer earns.
 */

export interface CustomerRow {
  rank: number;
  customer_id: number;
  name: string;
  city: string | null;
  country: string | null;
  sales: number;
  orders: number;
  units: number;
  average_order_value: number | null;
  first_order: string | null;
  last_order: string | null;
  share: number;
  cumulative_share: number;
  previous_sales: number;
  /** Against the previous period; null when not comparable or the customer did not order then. */
  change: number | null;
  tier: string;
}

export interface LoyaltyTier {
  name: string;
  /** Upper bound of the cumulative share of sales the tier is cut at. */
  up_to: number;
  customers: number;
  /** Share of the customers who ordered. */
  customer_share: number;
  sales: number;
  share: number;
  /**
   * Members by sales, the first ANALYSIS_DEFAULTS.tierMemberNames of them (all of them when `customers` is no
   * more).
   */
  members: string[];
  /** Members with a single order in the period (among `members`). */
  single_order_members: string[];
  /** How many members have a single order in the period. */
  single_order_customers: number;
}

export interface LapsedCustomer {
  customer_id: number;
  name: string;
  country: string | null;
  previous_sales: number;
  previous_orders: number;
}

export interface CustomerFigures {
  total_sales: number;
  /** Customers who ordered in the period. */
  customers_ordered: number;
  /** Customers on file (within the country filter), ordering or not. */
  customer_base: number;
  /** Customers on file who have never ordered at all. */
  never_ordered: number;
  /** Customers whose first order ever falls in the period. */
  new_customers: number;
  /** The largest customers, at most ANALYSIS_DEFAULTS.rankingRows (all of them on small data). */
  ranking: CustomerRow[];
  tiers: LoyaltyTier[];
  /** How many customers ordered in the previous period but not in this one (0 unless the periods are comparable). */
  lapsed_customers: number;
  /** The largest of them, by sales in the previous period. */
  lapsed: LapsedCustomer[];
  /** Customers who share a tier with an equal they would otherwise be split from. */
  tier_ties: string[];
  data: DataContext;
}

interface TierSqlRow {
  [key: string]: string | number | null;
  customer_id: number;
  customer_name: string;
  city: string | null;
  country: string | null;
  sales: number;
  orders: number;
  units: number;
  first_order: string | null;
  last_order: string | null;
  previous_sales: number;
  previous_orders: number;
  position: number;
  cumulative_sales: number;
  total_sales: number;
  tier: number;
  tier_position: number;
  tier_customers: number;
  tier_sales: number;
  tier_single_order: number;
}

/** Tier tables cut in this process: each cut's table is named apart (a run's suffix and this count). */
let cuts = 0;

/**
 * The loyalty tiers, cut once (customer_tiers.sql) into a temporary table of
 * this call's own, then read twice: the customers a reader sees (`rows`) and
 * every customer's tier and place as columns (`perCustomer`, so the Power BI
 * extract shows the tiers figures.json counts). The table is dropped however
 * the reads end. The query inputs and the run's tables are the caller's.
 */
async function cutTiers(
  ctx: AnalysisContext,
  { params, context, run }: QueryInputs & { run: string },
): Promise<{ rows: TierSqlRow[]; perCustomer: PerCustomer }> {
  const bounds = ANALYSIS_DEFAULTS.loyaltyTiers;
  const tiers = `${run}_${++cuts}`;
  const inputs = {
    ...params,
    tier1_bound: bounds[0].upTo,
    tier2_bound: bounds[1].upTo,
    top: ANALYSIS_DEFAULTS.rankingRows,
    member_cap: ANALYSIS_DEFAULTS.tierMemberNames,
  };
  try {
    await ctx.sql.run("analyses/customer_tiers", inputs, { ...context, run, tiers });
    const rows = await ctx.sql.run<TierSqlRow>("analyses/customer_tier_list", inputs, { tiers });
    // Run on the database, not the query runner: it feeds the extract, not a figure of the pack.
    const sql = sqlFile("analyses/customer_tier_ranks", ctx.db.dialect, { tiers });
    const result = await queryColumns(ctx.db, sql, {});
    const tierNumber = numbers(result, "tier").map((t) => Math.min(t, bounds.length));
    const perCustomer: PerCustomer = {
      customer_id: numbers(result, "customer_id"),
      columns: {
        loyalty_tier: Array.from(tierNumber, (t) => bounds[t - 1].name),
        tier_number: tierNumber,
        sales_rank: numbers(result, "position"),
      },
    };
    return { rows, perCustomer };
  } finally {
    // A drop that fails (a lost connection) leaves a table of the session's own, and hides no earlier error.
    await ctx.db.exec(sqlFile("analyses/customer_tiers_drop", ctx.db.dialect, { tiers })).catch(() => undefined);
  }
}

/** The analysis' figures, and every customer's tier beside them for the extract. */
async function customerFigures(ctx: AnalysisContext): Promise<{ figures: CustomerFigures; perCustomer: PerCustomer }> {
  const data = await dataContext(ctx);
  const bounds = ANALYSIS_DEFAULTS.loyaltyTiers;
  const { params, context } = queryInputs(ctx);
  const tables = await runTables(ctx);
  const { rows, perCustomer } = await cutTiers(ctx, { params, context, run: tables.run });
  const [summary] = await ctx.sql.run<{ new_customers: number | null; lapsed_customers: number | null }>(
    "analyses/customer_summary",
    params,
    { ...context, run: tables.run },
  );
  const lapsed = data.comparable
    ? await ctx.sql.run<LapsedSqlRow>(
        "analyses/lapsed_customers",
        { row_limit: ANALYSIS_DEFAULTS.lapsedRows },
        { run: tables.run },
      )
    : [];
  const [base] = await runWarehouseQuery<{ customers: number; ever_ordered: number }>(ctx, "customer_base");

  // Every tier has its first members among the rows, each carrying the tier's totals.
  const tierRows = bounds.map((_, i) => rows.find((r) => num(r.tier) === i + 1));
  const total = num(rows[0]?.total_sales);
  const ordered = tierRows.reduce((s, r) => s + num(r?.tier_customers), 0);
  const tierName = (index: number) => bounds[Math.min(index, bounds.length) - 1].name;
  // The tier a customer's own running total would give, before equals are kept together.
  const tierByPosition = (before: number) => bounds.findIndex((b) => before < b.upTo * total) + 1 || bounds.length;
  const ranking: CustomerRow[] = rows
    .filter((r) => num(r.position) <= ANALYSIS_DEFAULTS.rankingRows)
    .map((r) => ({
      rank: num(r.position),
      customer_id: r.customer_id,
      name: r.customer_name,
      city: r.city,
      country: r.country,
      sales: num(r.sales),
      orders: num(r.orders),
      units: num(r.units),
      average_order_value: ratio(num(r.sales), num(r.orders)),
      first_order: date(r.first_order),
      last_order: date(r.last_order),
      share: share(num(r.sales), total),
      cumulative_share: share(num(r.cumulative_sales), total),
      previous_sales: num(r.previous_sales),
      change: growthRate(num(r.sales), num(r.previous_sales), data.comparable),
      tier: tierName(num(r.tier)),
    }));
  const lapsedCount = num(summary?.lapsed_customers);
  const figures: CustomerFigures = {
    total_sales: total,
    customers_ordered: ordered,
    customer_base: num(base?.customers),
    never_ordered: num(base?.customers) - num(base?.ever_ordered),
    new_customers: num(summary?.new_customers),
    ranking,
    tiers: bounds.map((bound, i) => {
      const t = tierRows[i];
      const members = rows.filter(
        (r) => num(r.tier) === i + 1 && num(r.tier_position) <= ANALYSIS_DEFAULTS.tierMemberNames,
      );
      return {
        name: bound.name,
        up_to: bound.upTo,
        customers: num(t?.tier_customers),
        customer_share: share(num(t?.tier_customers), ordered),
        sales: num(t?.tier_sales),
        share: share(num(t?.tier_sales), total),
        members: members.map((m) => m.customer_name),
        single_order_members: members.filter((m) => num(m.orders) === 1).map((m) => m.customer_name),
        single_order_customers: num(t?.tier_single_order),
      };
    }),
    lapsed_customers: data.comparable ? lapsedCount : 0,
    lapsed: lapsed.map((r) => ({
      customer_id: r.customer_id,
      name: r.customer_name,
      country: r.country,
      previous_sales: num(r.previous_sales),
      previous_orders: num(r.previous_orders),
    })),
    tier_ties: rows
      .filter((r) => tierByPosition(num(r.cumulative_sales) - num(r.sales)) > num(r.tier))
      .map((r) => r.customer_name),
    data,
  };
  return { figures, perCustomer };
}

interface LapsedSqlRow {
  [key: string]: string | number | null;
  customer_id: number;
  customer_name: string;
  country: string | null;
  previous_sales: number;
  previous_orders: number;
}

export async function analyseCustomers(ctx: AnalysisContext): Promise<AnalysisResult<CustomerFigures>> {
  const { figures: f, perCustomer } = await customerFigures(ctx);
  const gold = f.tiers[0]?.customers ?? 0;
  return {
    perCustomer,
    key: "customers",
    title: "Customers: loyalty program",
    figures: f,
    commentary: customersCommentary(markdownSafe(f)),
    charts: [
      {
        id: "customers-top",
        title: "Top customers by sales",
        spec: rankingChart(
          f.ranking.map((r) => ({ name: r.name, value: r.sales })),
          {
            title: "Top customers by sales",
            subtitle: `${periodCaption(ctx.period.label)} · ${f.tiers[0]?.name ?? "top"} tier highlighted`,
            highlight: Math.min(gold, 10),
          },
        ),
      },
      {
        id: "customers-pareto",
        title: "Sales concentration across customers",
        spec: paretoChart(
          f.ranking.map((r) => ({ name: r.name, sales: r.sales, cumulative_share: r.cumulative_share })),
          {
            title: "Sales concentration across customers",
            items: "customers",
            // A capped list cannot count the customers behind 80% of sales; the Gold and Silver tiers do.
            ...(f.ranking.length < f.customers_ordered
              ? {
                  subtitle: `Largest ${count(f.ranking.length)} of ${count(f.customers_ordered)} customers shown · ${count(gold + (f.tiers[1]?.customers ?? 0))} (${percent(
                    (gold + (f.tiers[1]?.customers ?? 0)) / f.customers_ordered,
                  )}) make 80% of sales`,
                }
              : {}),
          },
        ),
      },
    ],
    tables: [
      keyFigures("customers-summary", "Customer figures", [
        ["Sales", money(f.total_sales)],
        ["Customers who ordered", count(f.customers_ordered)],
        ["Customers on file", count(f.customer_base)],
        ["Customers on file who never ordered", count(f.never_ordered)],
        ["Customers ordering for the first time", count(f.new_customers)],
        [
          "Customers who ordered in the previous period but not in this one",
          f.data.comparable ? count(f.lapsed_customers) : "n/a",
        ],
        ...dataContextRows(f.data),
      ]),
      {
        id: "customers-tiers",
        title: "Loyalty tiers",
        columns: [
          { key: "name", label: "Tier", format: "text" },
          { key: "cut", label: "Cumulative share of sales", format: "text" },
          COLUMNS.customers,
          COLUMNS.customer_share,
          COLUMNS.sales,
          { key: "share", label: "Share of sales", format: "percent" },
          { key: "members", label: "Members", format: "text" },
        ],
        rows: f.tiers.map((t, i) => ({
          name: t.name,
          cut: `${percent(i === 0 ? 0 : f.tiers[i - 1].up_to)} to ${percent(t.up_to)}`,
          customers: t.customers,
          customer_share: t.customer_share,
          sales: t.sales,
          share: t.share,
          members: t.members.join(", ") + (t.members.length < t.customers ? ", …" : ""),
        })),
      },
      {
        id: "customers-ranking",
        title: "Customers by sales",
        limit: 20,
        columns: [
          COLUMNS.rank,
          COLUMNS.customer,
          COLUMNS.country,
          COLUMNS.sales,
          COLUMNS.share,
          COLUMNS.cumulative_share,
          COLUMNS.orders,
          COLUMNS.average_order_value,
          { key: "first_order", label: "First order", format: "date" },
          { key: "last_order", label: "Last order", format: "date" },
          COLUMNS.previous_sales,
          COLUMNS.change,
          { key: "tier", label: "Tier", format: "text" },
        ],
        rows: f.ranking.map((r) => ({ ...r })),
      },
      ...(f.lapsed.length
        ? [
            {
              id: "customers-lapsed",
              title: "Customers who did not order again",
              columns: [
                { key: "name", label: "Customer", format: "text" as const },
                { key: "country", label: "Country", format: "text" as const },
                { key: "previous_sales", label: "Sales in the previous period", format: "money" as const },
                { key: "previous_orders", label: "Orders in the previous period", format: "count" as const },
              ],
              rows: f.lapsed.map((l) => ({ ...l })),
            },
          ]
        : []),
    ],
  };
}
