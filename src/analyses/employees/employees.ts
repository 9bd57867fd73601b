import { ANALYSIS_DEFAULTS } from "../../config.js";
import type { AnalysisContext, AnalysisResult } from "../../analyse/analysis.js";
import { employeeChart } from "../../analyse/charts.js";
import { employeesCommentary } from "./commentary.js";
import { dataContext, dataContextRows, type DataContext } from "../../analyse/data-context.js";
import { customerIdBounds } from "../../analyse/distinct-ids.js";
import { count, money } from "../../analyse/format.js";
import { date, num, runAnalysisQuery } from "../../analyse/params.js";
import { competitionRanks, growthRate, ratio, share, tiedGroups } from "../../analyse/ranking.js";
import { keyFigures } from "../../analyse/tables.js";
import { COLUMNS } from "../../analyse/columns.js";
import { markdownSafe } from "../../analyse/commentary/text.js";

/**
 * Employees for the reward program: sales, orders, customers served, average
 * order, sales per active month and growth, with ties and tenure made visible
 * so rewards are fair.
 */

export interface EmployeeRow {
  /** Competition rank: equal sales share a rank (1, 2, 2, 4). */
  rank: number;
  employee_id: number;
  name: string;
  sales: number;
  share: number;
  orders: number;
  customers: number;
  /** Customer countries served: the only trace of territory in the data. */
  countries: number;
  units: number;
  average_order_value: number | null;
  /** Months of the period in which the employee took at least one order. */
  active_months: number;
  sales_per_active_month: number | null;
  first_order: string | null;
  last_order: string | null;
  /** First order in the whole data: the only trace of tenure. */
  first_order_ever: string | null;
  previous_sales: number;
  change: number | null;
  tied: boolean;
}

export interface EmployeeFigures {
  total_sales: number;
  /** Employees with orders in the period. */
  employees: number;
  /** Employees on file without orders in the period. */
  without_orders: string[];
  ranking: EmployeeRow[];
  /** Groups of employees with equal sales. */
  ties: string[][];
  reward: {
    /** The measure the recommendation ranks by. */
    measure: "sales" | "sales_per_active_month";
    names: string[];
  };
  fairness: {
    /** Employees whose first order in the data falls after the first month of the period (or of the data). */
    late_starters: { name: string; first_order_ever: string }[];
    active_months: { min: number; max: number };
    countries: { min: number; max: number };
  };
  data: DataContext;
}

interface EmployeeSqlRow {
  [key: string]: string | number | null;
  employee_id: number;
  employee_name: string;
  sales: number;
  orders: number;
  customers: number;
  countries: number;
  units: number;
  active_months: number;
  first_order: string | null;
  last_order: string | null;
  previous_sales: number;
  previous_orders: number;
  first_order_ever: string | null;
}

export async function employeeFigures(ctx: AnalysisContext): Promise<EmployeeFigures> {
  const data = await dataContext(ctx);
  // One group of customers per employee.
  const customer_ids = await customerIdBounds(ctx, async () => {
    const [row] = await ctx.sql.run<{ employees: number }>("analyses/employee_count");
    return Number(row?.employees ?? 0);
  });
  const all = await runAnalysisQuery<EmployeeSqlRow>(ctx, "employees", { customer_ids });
  const rows = all.filter((r) => num(r.sales) > 0);
  const total = rows.reduce((s, r) => s + num(r.sales), 0);
  const ranks = competitionRanks(rows.map((r) => num(r.sales)));
  const ranking: EmployeeRow[] = rows.map((r, i) => ({
    rank: ranks[i],
    employee_id: r.employee_id,
    name: r.employee_name,
    sales: num(r.sales),
    share: share(num(r.sales), total),
    orders: num(r.orders),
    customers: num(r.customers),
    countries: num(r.countries),
    units: num(r.units),
    average_order_value: ratio(num(r.sales), num(r.orders)),
    active_months: num(r.active_months),
    sales_per_active_month: ratio(num(r.sales), num(r.active_months)),
    first_order: date(r.first_order),
    last_order: date(r.last_order),
    first_order_ever: date(r.first_order_ever),
    previous_sales: num(r.previous_sales),
    change: growthRate(num(r.sales), num(r.previous_sales), data.comparable),
    tied: ranks.filter((k) => k === ranks[i]).length > 1,
  }));
  const months = ranking.map((r) => r.active_months);
  const countries = ranking.map((r) => r.countries);
  // Active months differ: totals favour whoever worked more months, so rank by the monthly rate.
  const measure =
    months.length > 0 && Math.max(...months) - Math.min(...months) >= 1 ? "sales_per_active_month" : "sales";
  // Only a start after the period began shortens an employee's time in it.
  const periodStart = [ctx.period.start, data.coverage.complete_from].sort()[1].slice(0, 7);
  return {
    total_sales: total,
    employees: ranking.length,
    without_orders: all.filter((r) => num(r.sales) <= 0).map((r) => r.employee_name),
    ranking,
    ties: tiedGroups(ranking, (r) => r.sales).map((g) => g.map((r) => r.name)),
    reward: { measure, names: rewardList(ranking, measure) },
    fairness: {
      late_starters: ranking
        .filter((r) => r.first_order_ever !== null && r.first_order_ever.slice(0, 7) > periodStart)
        .map((r) => ({ name: r.name, first_order_ever: r.first_order_ever! })),
      active_months: range(months),
      countries: range(countries),
    },
    data,
  };
}

const range = (values: number[]) =>
  values.length ? { min: Math.min(...values), max: Math.max(...values) } : { min: 0, max: 0 };

/** The top employees by the measure, extended to anyone tied with the last. */
export function rewardList(
  ranking: readonly EmployeeRow[],
  measure: EmployeeFigures["reward"]["measure"],
  n = ANALYSIS_DEFAULTS.rewardEmployees,
): string[] {
  const value = (r: EmployeeRow) => Math.round((measure === "sales" ? r.sales : (r.sales_per_active_month ?? 0)) * 100);
  const sorted = [...ranking].sort((a, b) => value(b) - value(a) || a.name.localeCompare(b.name));
  if (sorted.length <= n) return sorted.map((r) => r.name);
  const cut = value(sorted[n - 1]);
  return sorted.filter((r, i) => i < n || value(r) === cut).map((r) => r.name);
}

export async function analyseEmployees(ctx: AnalysisContext): Promise<AnalysisResult<EmployeeFigures>> {
  const f = await employeeFigures(ctx);
  return {
    key: "employees",
    title: "Employees: reward program",
    figures: f,
    commentary: employeesCommentary(markdownSafe(f)),
    charts: [
      {
        id: "employees-comparison",
        title: "Sales by employee",
        spec: employeeChart(
          f.ranking.map((r) => ({ name: r.name, sales: r.sales, orders: r.orders, customers: r.customers })),
          { title: "Sales by employee" },
        ),
      },
    ],
    tables: [
      keyFigures("employees-summary", "Employee figures", [
        ["Sales", money(f.total_sales)],
        ["Employees with orders", count(f.employees)],
        ["Employees without orders", count(f.without_orders.length)],
        ...dataContextRows(f.data),
      ]),
      {
        id: "employees-ranking",
        title: "Employees by sales",
        columns: [
          COLUMNS.rank,
          { key: "name", label: "Employee", format: "text" },
          COLUMNS.sales,
          COLUMNS.share,
          COLUMNS.orders,
          COLUMNS.customers,
          { key: "countries", label: "Countries", format: "count" },
          COLUMNS.average_order_value,
          { key: "active_months", label: "Active months", format: "count" },
          { key: "sales_per_active_month", label: "Sales per active month", format: "money" },
          { key: "first_order_ever", label: "First order in the data", format: "date" },
          COLUMNS.previous_sales,
          COLUMNS.change,
        ],
        rows: f.ranking.map(({ tied: _, ...r }) => r),
      },
    ],
  };
}
