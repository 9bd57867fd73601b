import type { AnalysisContext, AnalysisResult, Chart, Table } from "../analyse/analysis.js";
import { dataContext } from "../analyse/data-context.js";
import { customerIdBounds } from "../analyse/distinct-ids.js";
import { count, list, percent, plural } from "../analyse/format.js";
import { monthsOf } from "../analyse/period.js";
import { keyFigures } from "../analyse/tables.js";
import { daysBetween } from "../dates.js";
import { monthLabel } from "./calendar.js";
import { columnChart } from "./charts.js";
import { extractFacts, type FileFacts } from "./extract-facts.js";
import type { Commentary } from "../analyse/commentary/commentary.js";
import { markdownSafe } from "../analyse/commentary/text.js";
import { COLUMNS } from "../analyse/columns.js";

/**
 * What the load found, before any analysis: is every table there and whole,
 * which records lead nowhere (customers who never ordered, products never
 * sold), which months hold no orders, and what the files looked like. It
 * covers the whole warehouse, whatever the period and filters: quality is a
 * property of the data, not of a report.
 */

export interface QualityFigures {
  tables: { table: string; rows: number }[];
  first_order: string;
  last_order: string;
  /** Calendar days from the first order to the last, both included. */
  span_days: number;
  orders: number;
  order_days: number;
  order_lines: number;
  customers: number;
  customers_with_orders: number;
  never_ordered: { customer_id: number; customer_name: string; city: string | null; country: string | null }[];
  products: number;
  never_sold: { product_id: number; product_name: string; category_name: string; supplier_name: string }[];
  orders_without_lines: number;
  lines_without_quantity: number;
  products_without_price: number;
  products_with_cost: number;
  /** Orders per month over the whole span, months without orders included. */
  months: { month: string; orders: number; partial: boolean }[];
  months_without_orders: string[];
  /** Months the data covers only in part (it starts or ends inside them). */
  partial_months: { month: string; edge: "start" | "end"; date: string }[];
  /** The extract files as found in the data folder; empty when the folder holds none. */
  files: FileFacts[];
}

interface SpanRow {
  first_order: string | null;
  last_order: string | null;
  orders: number;
  order_days: number;
  orders_without_lines: number;
  lines_without_quantity: number;
  products_without_price: number;
  products_with_cost: number;
  products: number;
  [key: string]: string | number | null;
}

export async function qualityFigures(ctx: AnalysisContext): Promise<QualityFigures> {
  const tables = await ctx.sql.run<{ table_name: string; row_count: number }>("explore/table_counts");
  const [span] = await ctx.sql.run<SpanRow>("explore/order_span");
  if (!span?.first_order || !span.last_order)
    throw new Error("The warehouse holds no orders: load the extracts first (npm run warehouse)");
  const first = span.first_order;
  const last = span.last_order;
  const never_ordered = (await ctx.sql.run("explore/never_ordered")) as unknown as QualityFigures["never_ordered"];
  const never_sold = (await ctx.sql.run("explore/never_sold")) as unknown as QualityFigures["never_sold"];

  // The whole span, whatever the report's period and filters.
  const whole = { start: `${first.slice(0, 7)}-01`, end: nextMonth(last) };
  const monthly = await ctx.sql.run<{ month: string; orders: number }>(
    "explore/monthly",
    { start: whole.start, end: whole.end, country: null, category: null },
    { country: false, category: false, customer_ids: await customerIdBounds(ctx, monthsOf(whole).length) },
  );
  const data = await dataContext({ ...ctx, period: { ...ctx.period, ...whole } });
  const partial = new Set(data.coverage.partial_months.map((p) => p.month));
  const byMonth = new Map(monthly.map((m) => [m.month, m.orders]));
  const months = monthsOf(whole).map((month) => ({
    month,
    orders: byMonth.get(month) ?? 0,
    partial: partial.has(month),
  }));
  const rows = (name: string) => tables.find((t) => t.table_name === name)?.row_count ?? 0;

  return {
    tables: tables.map((t) => ({ table: t.table_name, rows: t.row_count })),
    first_order: first,
    last_order: last,
    span_days: daysBetween(first, last) + 1,
    orders: span.orders,
    order_days: span.order_days,
    order_lines: rows("order_details"),
    customers: rows("customers"),
    customers_with_orders: rows("customers") - never_ordered.length,
    never_ordered,
    products: span.products,
    never_sold,
    orders_without_lines: span.orders_without_lines,
    lines_without_quantity: span.lines_without_quantity,
    products_without_price: span.products_without_price,
    products_with_cost: span.products_with_cost,
    months,
    months_without_orders: months.filter((m) => m.orders === 0).map((m) => m.month),
    partial_months: data.coverage.partial_months,
    files: extractFacts(ctx.dataDir),
  };
}

export async function analyseQuality(ctx: AnalysisContext): Promise<AnalysisResult<QualityFigures>> {
  const f = await qualityFigures(ctx);
  return {
    key: "quality",
    title: "Data quality: what the load found",
    figures: f,
    commentary: qualityCommentary(markdownSafe(f)),
    charts: qualityCharts(f),
    tables: qualityTables(f),
  };
}

function qualityCommentary(f: QualityFigures): Commentary {
  const finding =
    `The warehouse holds ${plural(f.orders, "order")} with ${plural(f.order_lines, "order line")} from ${f.first_order} to ${f.last_order} ` +
    `(${plural(f.span_days, "day")}, orders on ${count(f.order_days)} of them), for ${plural(f.customers, "customer")} and ${plural(f.products, "product")}.`;
  const out: string[] = [];
  const caveats: string[] = [];
  out.push(
    `Keys and references were checked when loading, so every order names a known customer, employee and shipper, and every line a known order and product.`,
  );
  const gaps: string[] = [];
  if (f.never_ordered.length)
    gaps.push(
      `${plural(f.never_ordered.length, "customer")} on file (${percent(f.never_ordered.length / f.customers)}) never ordered: they count in the customer base but in no ranking — prospects for marketing, or records to tidy`,
    );
  if (f.never_sold.length)
    gaps.push(
      `${plural(f.never_sold.length, "product")} never sold: ${list(f.never_sold.slice(0, 5).map((p) => p.product_name))}${f.never_sold.length > 5 ? " and others" : ""}`,
    );
  if (f.orders_without_lines)
    gaps.push(`${plural(f.orders_without_lines, "order")} without any line: they add to order counts but not to sales`);
  if (gaps.length) out.push(`Records that lead nowhere: ${gaps.join("; ")}.`);
  else out.push("Every customer ordered, every product sold and every order has lines.");

  const edges = f.partial_months.map(
    (p) => `${monthLabel(p.month)} (the data ${p.edge === "start" ? "starts" : "ends"} on ${p.date})`,
  );
  const holes = f.months_without_orders.map(monthLabel);
  // A gap or a partial month limits every trend; a complete span is evidence the extract is whole.
  if (holes.length)
    caveats.push(
      `${plural(holes.length, "month")} inside the span ${holes.length === 1 ? "has" : "have"} no orders at all (${list(holes)}): a gap in the extract to check with IT before reading any trend across it.`,
    );
  else out.push("No month inside the span is without orders.");
  if (edges.length)
    caveats.push(
      `Only part of ${list(edges)} is in the data, so ${edges.length === 1 ? "that month looks" : "those months look"} smaller than ${edges.length === 1 ? "it was" : "they were"}: compare whole months only.`,
    );

  const costs =
    f.products_with_cost === 0
      ? "There are no product costs (ProductCosts.csv is absent), so every profit figure in the packs rests on the stated margin assumptions, not on data."
      : f.products_with_cost === f.products
        ? `Costs are known for all ${plural(f.products, "product")}, so profit figures rest on data.`
        : `Costs are known for ${count(f.products_with_cost)} of ${plural(f.products, "product")} (${percent(f.products_with_cost / f.products)}); the rest use the stated margin assumptions.`;
  (f.products_with_cost === f.products ? out : caveats).push(costs);

  const coded = f.files.filter((x) => x.encoding === "Windows-1252");
  const nbsp = f.files.reduce((a, x) => a + x.trailing_nbsp, 0);
  const fields = f.files.reduce((a, x) => a + x.fields, 0);
  if (f.files.length) {
    const notes: string[] = [];
    if (coded.length) {
      const examples = coded
        .flatMap((x) => x.examples.slice(0, 1))
        .slice(0, 3)
        .map((e) => `"${e}"`);
      notes.push(
        `${plural(coded.length, "file")} ${coded.length === 1 ? "is" : "are"} Windows-1252, not UTF-8${examples.length ? ` (${list(examples)} read correctly only when decoded as such)` : ""}`,
      );
    }
    if (nbsp)
      notes.push(
        `${count(nbsp)} of ${count(fields)} fields read end in a non-breaking space, which the loader trims (otherwise "USA" and "USA\u00a0" would be two countries)`,
      );
    const sampled = f.files.filter((x) => !x.whole);
    if (sampled.length)
      notes.push(
        `${list(sampled.map((x) => x.file))} ${sampled.length === 1 ? "was" : "were"} judged on ${sampled.length === 1 ? "its" : "their"} first MiB only`,
      );
    if (notes.length) out.push(`The files as delivered: ${notes.join("; ")}.`);
  } else {
    out.push("The extract files are not in the data folder, so their encoding and padding are not reported here.");
  }
  return { finding, evidence: out, recommendation: [], caveats };
}

function qualityCharts(f: QualityFigures): Chart[] {
  const muted = f.partial_months.length ? " · partial months in grey" : "";
  return [
    {
      id: "quality-orders-by-month",
      title: "Orders per month across the whole extract",
      spec: columnChart(
        f.months.map((m) => ({ label: monthLabel(m.month), value: m.orders, muted: m.partial })),
        {
          title: "Orders per month across the whole extract",
          subtitle: `${f.first_order} to ${f.last_order}${muted}`,
          valueTitle: "Orders",
        },
      ),
    },
  ];
}

function qualityTables(f: QualityFigures): Table[] {
  const tables: Table[] = [
    {
      id: "quality-tables",
      title: "Rows loaded per table",
      columns: [
        { key: "table", label: "Table", format: "text" },
        { key: "rows", label: "Rows", format: "count" },
      ],
      rows: f.tables.map((t) => ({ ...t })),
    },
    keyFigures("quality-checks", "Checks on the loaded data", [
      ["First order", f.first_order],
      ["Last order", f.last_order],
      ["Days from first to last order", count(f.span_days)],
      ["Days with orders", count(f.order_days)],
      ["Customers who ordered", `${count(f.customers_with_orders)} of ${count(f.customers)}`],
      ["Customers who never ordered", count(f.never_ordered.length)],
      ["Products never sold", `${count(f.never_sold.length)} of ${count(f.products)}`],
      ["Orders without lines", count(f.orders_without_lines)],
      ["Lines with zero or negative quantity", count(f.lines_without_quantity)],
      ["Products without a price", count(f.products_without_price)],
      ["Products with a known cost", `${count(f.products_with_cost)} of ${count(f.products)}`],
      ["Months without orders", f.months_without_orders.length ? f.months_without_orders.join(", ") : "none"],
      [
        "Months only partly in the data",
        f.partial_months.length ? f.partial_months.map((p) => p.month).join(", ") : "none",
      ],
    ]),
  ];
  if (f.files.length)
    tables.push({
      id: "quality-files",
      title: "The extract files as delivered",
      columns: [
        { key: "file", label: "File", format: "text" },
        { key: "encoding", label: "Encoding", format: "text" },
        { key: "line_endings", label: "Line endings", format: "text" },
        { key: "records", label: "Records read", format: "count" },
        { key: "trailing_nbsp", label: "Fields ending in a non-breaking space", format: "count" },
        { key: "padded", label: "Fields padded with spaces", format: "count" },
        { key: "non_ascii", label: "Fields with accented letters", format: "count" },
        { key: "examples", label: "Examples", format: "text" },
      ],
      rows: f.files.map((x) => ({
        file: x.whole ? x.file : `${x.file} (first MiB)`,
        encoding: x.encoding,
        line_endings: x.line_endings,
        records: x.records,
        trailing_nbsp: x.trailing_nbsp,
        padded: x.padded,
        non_ascii: x.non_ascii,
        examples: x.problem ? `unreadable sample: ${x.problem}` : x.examples.join(", "),
      })),
    });
  if (f.never_ordered.length)
    tables.push({
      id: "quality-never-ordered",
      title: "Customers who never ordered",
      limit: 20,
      columns: [
        { key: "customer_name", label: "Customer", format: "text" },
        { key: "city", label: "City", format: "text" },
        COLUMNS.country,
      ],
      rows: f.never_ordered.map((c) => ({ customer_name: c.customer_name, city: c.city, country: c.country })),
    });
  if (f.never_sold.length)
    tables.push({
      id: "quality-never-sold",
      title: "Products never sold",
      limit: 20,
      columns: [
        { key: "product_name", label: "Product", format: "text" },
        { key: "category_name", label: "Category", format: "text" },
        { key: "supplier_name", label: "Supplier", format: "text" },
      ],
      rows: f.never_sold.map((p) => ({
        product_name: p.product_name,
        category_name: p.category_name,
        supplier_name: p.supplier_name,
      })),
    });
  return tables;
}

function nextMonth(iso: string): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`;
}
