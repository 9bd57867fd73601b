import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { AnalysisResult } from "../analyse/analysis.js";
import { customersCommentary } from "../analyses/customers/commentary.js";
import { employeesCommentary } from "../analyses/employees/commentary.js";
import { productsCommentary } from "../analyses/products/commentary.js";
import type { CustomerFigures } from "../analyses/customers/customers.js";
import type { EmployeeFigures } from "../analyses/employees/employees.js";
import { extractWarehouse, generatedWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import { managementAnalyses, runAnalyses, type AnalysisRun } from "./index.js";
import type { ProductFigures } from "../analyses/products/products.js";
import { formattedRows } from "../analyse/tables.js";
import { commentaryMarkdown, type Commentary } from "../analyse/commentary/commentary.js";

/**
 * The numbers in a commentary, as written. Dates, period labels and names
 * (which may hold digits) are taken out first: they are not figures.
 */
/** A commentary with one more point of evidence, as a wrong figure would slip in. */
function withEvidence(c: Commentary, point: string): Commentary {
  return { ...c, evidence: [...c.evidence, point] };
}

function numbersIn(text: string, names: readonly string[]): string[] {
  let rest = text
    .replace(/\d{4}-\d{2}-\d{2}/g, " ")
    .replace(/\d{4}-\d{2}\.\.\d{4}-\d{2}/g, " ")
    .replace(/\d{4}-(Q[1-4]|\d{2})/g, " ")
    .replace(/ProductCosts\.csv|cost-assumptions\.json|src\/config\.ts/g, " ");
  for (const name of [...names].sort((a, b) => b.length - a.length)) rest = rest.split(name).join(" ");
  return rest.match(/[+-]?\$?\d[\d,]*(\.\d+)?%?/g)?.map((t) => t.replace(/[.,]$/, "")) ?? [];
}

/** Every number in the commentary must be a cell of one of the result's tables, formatted the same way. */
function assertNumbersFromTables(result: AnalysisResult, labels: string[]) {
  const cells = result.tables.flatMap((t) => formattedRows(t).flat());
  const unsigned = new Set(cells.flatMap((c) => [c, c.replace(/^[+-]/, "")]));
  const textCells = result.tables.flatMap((t) =>
    t.rows.flatMap((r) => t.columns.filter((c) => c.format === "text").map((c) => String(r[c.key] ?? ""))),
  );
  // Names with digits ("Route 66 Deli") are not figures; formatted values in text columns are.
  const names = [
    ...labels,
    ...textCells.flatMap((c) => c.split(", ")).filter((n) => /\d/.test(n) && /[A-Za-z]{2}/.test(n)),
  ];
  const numbers = numbersIn(commentaryMarkdown(result.commentary), names);
  assert.ok(numbers.length >= 3, `${result.key}: the commentary quotes numbers (${numbers.join(" ")})`);
  for (const n of numbers)
    assert.ok(
      unsigned.has(n) || unsigned.has(n.replace(/^[+-]/, "")),
      `${result.key}: "${n}" in the commentary is in no table`,
    );
}

describe("commentary", () => {
  let extract: TestWarehouse;
  let generated: TestWarehouse;
  const runs: Record<string, AnalysisRun> = {};
  before(async () => {
    [extract, generated] = await Promise.all([extractWarehouse(), generatedWarehouse()]);
    runs.all = await runAnalyses({ only: managementAnalyses(), db: extract.db });
    runs.january = await runAnalyses({ only: managementAnalyses(), db: extract.db, period: "1997-01" });
    runs.germany = await runAnalyses({ only: managementAnalyses(), db: extract.db, filters: { country: "Germany" } });
    runs.generated = await runAnalyses({
      only: managementAnalyses(),
      db: generated.db,
      period: "1998",
      dataDir: generated.dataDir,
    });
  });
  after(async () => {
    await extract?.dispose();
    await generated?.dispose();
  });

  for (const name of ["all", "january", "germany", "generated"])
    test(`every number in the ${name} commentary matches the table it comes from`, () => {
      const run = runs[name];
      for (const result of run.results) assertNumbersFromTables(result, [run.period.label, run.period.previous.label]);
    });

  test("a number that is in no table is caught", () => {
    const customers = runs.all.results.find((r) => r.key === "customers")!;
    assert.throws(
      () =>
        assertNumbersFromTables(
          { ...customers, commentary: withEvidence(customers.commentary, "Ernst Handel ordered $35,631.22.") },
          [],
        ),
      /"\$35,631\.22"/,
    );
    assert.throws(
      () =>
        assertNumbersFromTables({ ...customers, commentary: withEvidence(customers.commentary, "12.5% more.") }, []),
      /"12\.5%"/,
    );
  });

  test("the commentary names the README's leaders on the extract", () => {
    const text = Object.fromEntries(runs.all.results.map((r) => [r.key, commentaryMarkdown(r.commentary)]));
    assert.match(text.overview, /\$386,424\.23 from 196 orders placed by 74 customers/);
    assert.match(text.customers, /Ernst Handel \(Austria\) is the largest customer with \$35,631\.21, 9\.2% of sales/);
    assert.match(text.locations, /USA is the largest market with \$69,611\.75/);
    assert.match(text.products, /Côte de Blaye leads product sales with \$62,976\.50/);
    assert.match(text.employees, /Margaret Peacock made the most sales across all orders on record: \$105,696\.50/);
  });

  test("the extract and generated data give different facts, each with its own caveats", () => {
    for (const key of ["overview", "customers", "locations", "products", "employees"]) {
      const a = commentaryMarkdown(runs.all.results.find((r) => r.key === key)!.commentary);
      const b = commentaryMarkdown(runs.generated.results.find((r) => r.key === key)!.commentary);
      assert.notEqual(a, b, key);
    }
    const extractText = runs.all.results.map((r) => commentaryMarkdown(r.commentary)).join("\n");
    const generatedText = runs.generated.results.map((r) => commentaryMarkdown(r.commentary)).join("\n");
    // Seven months of history and no costs on the extract; three years with costs when generated.
    assert.match(extractText, /7\.3 months of orders/);
    assert.doesNotMatch(generatedText, /months of orders \(/);
    assert.match(extractText, /estimated, assuming margins of/);
    assert.doesNotMatch(generatedText, /estimated/);
    // Growth only where the previous period is in the data.
    assert.match(extractText, /growth is not computed/);
    assert.match(generatedText, /Against 1997-01\.\.1997-12/);
  });

  test("January 1997 is compared with December 1996, which the data wholly covers", () => {
    const overview = commentaryMarkdown(runs.january.results[0].commentary);
    assert.match(overview, /Against 1996-12 \(\$[\d,.]+ from \d+ orders\), sales (rose|fell) [\d.]+%/);
    assert.doesNotMatch(overview, /growth is not computed/);
  });

  test("profit is labelled an estimate in every sentence that gives one when costs are assumed", () => {
    const products = commentaryMarkdown(runs.all.results.find((r) => r.key === "products")!.commentary);
    for (const sentence of products.split(/(?<=\.)\s+/).filter((s) => /profit|margin/i.test(s) && /\$|%/.test(s)))
      assert.match(sentence, /estimate|assum|median product/, sentence);
  });
});

describe("commentary from facts fed directly", () => {
  const data = {
    period: "1997-01",
    in_period: "in 1997-01",
    previous: "1996-12",
    coverage: {
      first_order: "1996-07-04",
      last_order: "1997-02-12",
      complete_from: "1996-07-01",
      complete_until: "1997-02-01",
      current: "full",
      previous: "full",
      comparable: true,
      partial_months: [],
    },
    comparable: true,
    comparison_note: null,
    history_months: 7.3,
    thin_history: true,
  } as const satisfies CustomerFigures["data"];

  const employee = (name: string, sales: number, months: number, first = "1996-07-05") => ({
    rank: 1,
    employee_id: 1,
    name,
    sales,
    share: 0.5,
    orders: 4,
    customers: 3,
    countries: 2,
    units: 10,
    average_order_value: sales / 4,
    active_months: months,
    sales_per_active_month: sales / months,
    first_order: first,
    last_order: "1997-01-30",
    first_order_ever: first,
    previous_sales: 0,
    change: null,
    tied: false,
  });

  test("employees tied on sales are named together and share the finding", () => {
    const f: EmployeeFigures = {
      total_sales: 3000,
      employees: 3,
      without_orders: [],
      ranking: [employee("Ann Lee", 1200, 1), employee("Bo Chan", 1200, 1), employee("Cy Dunn", 600, 1)],
      ties: [["Ann Lee", "Bo Chan"]],
      reward: { measure: "sales", names: ["Ann Lee", "Bo Chan", "Cy Dunn"] },
      fairness: { late_starters: [], active_months: { min: 1, max: 1 }, countries: { min: 2, max: 2 } },
      data,
    };
    const text = commentaryMarkdown(employeesCommentary(f));
    assert.match(text, /Ann Lee and Bo Chan tie for the most sales in 1997-01, with \$1,200\.00 each/);
    assert.match(text, /no sales territories/);
  });

  test("an employee who started late is named in a fairness note", () => {
    const f: EmployeeFigures = {
      total_sales: 3000,
      employees: 2,
      without_orders: ["Di Eve"],
      ranking: [employee("Ann Lee", 2000, 7), employee("Bo Chan", 1000, 2, "1996-12-02")],
      ties: [],
      reward: { measure: "sales_per_active_month", names: ["Bo Chan", "Ann Lee"] },
      fairness: {
        late_starters: [{ name: "Bo Chan", first_order_ever: "1996-12-02" }],
        active_months: { min: 2, max: 7 },
        countries: { min: 2, max: 2 },
      },
      data,
    };
    const text = commentaryMarkdown(employeesCommentary(f));
    assert.match(text, /Tenure differs: Bo Chan \(first order 1996-12-02\) started after the others/);
    assert.match(text, /Reward Bo Chan and Ann Lee: the highest sales per active month/);
    assert.match(text, /Di Eve took no orders in 1997-01 and is not ranked/);
  });

  test("no customers in the period gives a finding that says so and nothing more", () => {
    const f = { customers_ordered: 0, data } as unknown as CustomerFigures;
    assert.equal(
      commentaryMarkdown(customersCommentary(f)).trim(),
      "**Finding.** No customer ordered in 1997-01, so there is no one to enrol in a loyalty tier for this period.",
    );
  });

  test("with real costs the product commentary makes no estimate claims", () => {
    const product = {
      rank: 1,
      product_id: 1,
      name: "Chai",
      category: "Beverages",
      supplier: "Exotic",
      sales: 1000,
      share: 1,
      cumulative_share: 1,
      units: 10,
      order_lines: 6,
      previous_sales: 0,
      change: null,
      profit: 400,
      margin: 0.4,
      cost_basis: "actual",
      quadrant: "invest",
      thin: false,
    } as const;
    const group = {
      rank: 1,
      name: "Beverages",
      sales: 1000,
      share: 1,
      units: 10,
      order_lines: 6,
      products: 1,
      previous_sales: 0,
      change: null,
      profit: 400,
      margin: 0.4,
      cost_basis: "actual",
    } as const;
    const f: ProductFigures = {
      total_sales: 1000,
      total_profit: 400,
      margin: 0.4,
      cost_basis: "actual",
      assumptions_source: null,
      catalogue: 2,
      products_sold: 1,
      ranking: [product],
      categories: [{ ...group, assumed_margin: null }],
      suppliers: [{ ...group, name: "Exotic", country: "UK" }],
      quadrant: { sales_threshold: 1000, margin_threshold: 0.4, invest: ["Chai"], maintain: [], review: [] },
      thin_orders: 5,
      data,
    };
    const text = commentaryMarkdown(productsCommentary(f));
    assert.match(text, /Gross profit comes to \$400\.00, a 40\.0% margin\./);
    assert.doesNotMatch(text, /estimat|assum/);
    assert.match(text, /Invest in Chai/);
  });
});
