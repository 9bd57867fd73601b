import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { Ajv } from "ajv";
import { parse } from "csv-parse/sync";
import { extractWarehouse, postgresWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import { runAnalyses, type AnalysisRun } from "../run/index.js";
import { figuresDocument } from "../run/outputs.js";
import { RELATIONSHIPS, STAR, writePowerBiExtracts, type PowerBiManifest } from "./powerbi.js";
import { TMDL_TYPES } from "./powerbi/semantic-model.js";
import { checkTmdl } from "./powerbi/tmdl-check.js";

/**
 * The Power BI extract of a whole run: the files reconcile with figures.json,
 * the result tables cover every customer and product, and the PBIP project
 * parses (TMDL by our grammar, JSON by Microsoft's published schemas).
 */

type Rows = Record<string, string>[];
const csv = (dir: string, table: string): Rows =>
  parse(readFileSync(join(dir, `${table}.csv`), "utf8"), { columns: true, bom: true });
const cents = (values: string[]) => values.reduce((s, v) => s + Math.round(Number(v) * 100), 0) / 100;
const countBy = (rows: Rows, column: string) => {
  const counts: Record<string, number> = {};
  for (const r of rows) if (r[column] !== "") counts[r[column]] = (counts[r[column]] ?? 0) + 1;
  return counts;
};
function folder(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (e.isFile()) files[relative(dir, join(e.parentPath, e.name))] = readFileSync(join(e.parentPath, e.name), "utf8");
  return files;
}

interface Figures {
  total_sales: number;
  orders: number;
  active_customers: number;
  units: number;
  customers: { tiers: { name: string; customers: number; sales: number }[] };
  segments: { name: string; customers: number }[];
  segmentation: { clusters: { name: string; customers: number }[] };
  prediction: { expected_total: number; customers_total: number };
  products: {
    total_profit: number;
    ranking: { product_id: number; sales: number; quadrant: string }[];
    quadrant: { invest: string[]; maintain: string[]; review: string[] };
  };
  locations: { ranking: { name: string; rank: number; sales: number }[]; cities: { name: string; rank: number }[] };
}

describe("The Power BI extract of a run on the extract", () => {
  let duck: TestWarehouse;
  let run: AnalysisRun;
  let figures: Figures;
  let dir: string;
  let manifest: PowerBiManifest;
  before(async () => {
    duck = await extractWarehouse();
    run = await runAnalyses({ db: duck.db, dataDir: "data" });
    figures = figuresDocument(run) as unknown as Figures;
    dir = mkdtempSync(join(tmpdir(), "powerbi-project-"));
    manifest = await writePowerBiExtracts(duck.db, dir, { period: run.period, results: run.results, dataDir: "data" });
  });
  after(async () => {
    await duck?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the fact table's totals equal figures.json: sales, orders, customers and units", () => {
    const fact = csv(dir, "fact_sales");
    assert.equal(cents(fact.map((r) => r.sales)), figures.total_sales);
    assert.equal(figures.total_sales, 386424.23);
    assert.equal(new Set(fact.map((r) => r.order_id)).size, figures.orders);
    assert.equal(new Set(fact.map((r) => r.customer_id)).size, figures.active_customers);
    assert.equal(
      fact.reduce((s, r) => s + Number(r.quantity), 0),
      figures.units,
    );
  });

  test("profit as the Total Profit measure defines it equals products.total_profit", () => {
    const margin = new Map(csv(dir, "dim_product").map((p) => [p.product_id, Number(p.assumed_margin)]));
    const profit = csv(dir, "fact_sales").reduce(
      (s, r) => s + (r.cost === "" ? Number(r.sales) * margin.get(r.product_id)! : Number(r.sales) - Number(r.cost)),
      0,
    );
    assert.ok(
      Math.abs(profit - figures.products.total_profit) < 0.005,
      `${profit} against ${figures.products.total_profit}`,
    );
  });

  test("customer_results has every customer, and its tiers, segments, clusters and predictions are figures.json's", () => {
    const results = csv(dir, "customer_results");
    assert.deepEqual(
      results.map((r) => r.customer_id),
      csv(dir, "dim_customer").map((c) => c.customer_id),
    );
    assert.equal(results.length, 91);
    assert.deepEqual(
      countBy(results, "loyalty_tier"),
      Object.fromEntries(figures.customers.tiers.map((t) => [t.name, t.customers])),
    );
    // Each tier's sales, from the fact table by the tier of each line's customer.
    const tierOf = new Map(results.map((r) => [r.customer_id, r.loyalty_tier]));
    for (const t of figures.customers.tiers)
      assert.equal(
        cents(
          csv(dir, "fact_sales")
            .filter((l) => tierOf.get(l.customer_id) === t.name)
            .map((l) => l.sales),
        ),
        t.sales,
        t.name,
      );
    assert.deepEqual(
      countBy(results, "rfm_segment"),
      Object.fromEntries(figures.segments.filter((s) => s.customers > 0).map((s) => [s.name, s.customers])),
    );
    assert.deepEqual(
      countBy(results, "cluster_name"),
      Object.fromEntries(figures.segmentation.clusters.map((c) => [c.name, c.customers])),
    );
    const predicted = results.reduce((s, r) => s + Number(r.predicted_sales), 0);
    assert.ok(Math.abs(predicted - figures.prediction.expected_total) < 1e-6, `${predicted}`);
    assert.equal(results.filter((r) => r.predicted_sales !== "").length, figures.prediction.customers_total);
    const ernst = results.find((r) => r.customer_id === "20")!;
    assert.deepEqual([ernst.loyalty_tier, ernst.sales_rank], ["Gold", "1"]);
  });

  test("product_results has every product, with figures.json's quadrants", () => {
    const results = csv(dir, "product_results");
    const products = csv(dir, "dim_product");
    assert.deepEqual(
      results.map((r) => r.product_id),
      products.map((p) => p.product_id),
    );
    const name = new Map(products.map((p) => [p.product_id, p.product_name]));
    for (const [quadrant, label] of [
      ["invest", "Invest"],
      ["maintain", "Maintain"],
      ["review", "Review"],
    ] as const)
      assert.deepEqual(
        results
          .filter((r) => r.quadrant === label)
          .map((r) => name.get(r.product_id))
          .sort(),
        [...figures.products.quadrant[quadrant]].sort(),
        quadrant,
      );
    assert.equal(cents(results.map((r) => r.sales || "0")), figures.total_sales);
  });

  test("country and city results are figures.json's rankings, and every customer's country and city finds its row", () => {
    const countries = csv(dir, "country_results");
    assert.deepEqual(
      countries.map((c) => [c.country, Number(c.country_rank), Number(c.sales)]),
      figures.locations.ranking.map((r) => [r.name, r.rank, r.sales]),
    );
    const cities = csv(dir, "city_results");
    assert.deepEqual(
      cities.map((c) => [c.city_key, Number(c.city_rank)]),
      figures.locations.cities.map((r) => [r.name, r.rank]),
    );
    const customers = new Set(csv(dir, "fact_sales").map((l) => l.customer_id));
    const keys = new Set(cities.map((c) => c.city_key));
    for (const c of csv(dir, "dim_customer").filter((c) => customers.has(c.customer_id)))
      assert.ok(keys.has(c.city_key), `${c.city_key} of customer ${c.customer_id}`);
  });

  test("the TMDL parses, and the model holds every table and column with its type, the relationships and the date table", () => {
    const files = folder(join(dir, "SalesInsight.SemanticModel", "definition"));
    const model = checkTmdl(files);
    assert.deepEqual(model.problems, []);
    assert.deepEqual([...model.tables.keys()].sort(), STAR.map((t) => t.name).sort());
    for (const t of STAR)
      assert.deepEqual(
        [...model.tables.get(t.name)!.columns.values()].map((c) => [c.name, c.properties.dataType]),
        t.columns.map((c) => [c.name, TMDL_TYPES[c.type]]),
        t.name,
      );
    assert.deepEqual(
      model.relationships.map((r) => [`${r.from.table}.${r.from.column}`, `${r.to.table}.${r.to.column}`]),
      RELATIONSHIPS.map((r) => [r.from, r.to]),
    );
    const date = model.tables.get("dim_date")!;
    assert.equal(date.node.properties.dataCategory, "Time");
    assert.equal(date.columns.get("month_name")!.properties.sortByColumn, "month");
    assert.deepEqual(
      [...model.tables.get("fact_sales")!.measures.keys()],
      [
        "Total Sales",
        "Order Count",
        "Customer Count",
        "Units Sold",
        "Average Order Value",
        "Total Profit",
        "Profit Margin",
        "Sales Share",
        "Sales Previous Period",
        "Sales Change",
        "Orders Previous Period",
        "Orders Change",
        "Sales Last Year",
        "Sales YoY",
        "Orders Last Year",
        "Orders YoY",
        "Predicted Sales",
      ],
    );
    assert.equal(
      model.expressions.get("ExtractFolder")!.expression,
      `${JSON.stringify(dir)} meta [IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true]`,
    );
    for (const t of model.tables.values()) {
      const source = t.node.children.find((c) => c.kind === "partition")!.properties.source as string;
      assert.match(source, new RegExp(`File\\.Contents\\(ExtractFolder & "\\\\${t.node.name}\\.csv"\\)`), t.node.name!);
    }
  });

  test("every sorted column has one sort value per value, as Power BI requires", () => {
    for (const t of STAR)
      for (const c of t.columns.filter((c) => c.sortBy)) {
        const seen = new Map<string, string>();
        for (const r of csv(dir, t.name)) {
          if (r[c.name] === "") continue;
          const before = seen.get(r[c.name]);
          assert.ok(
            before === undefined || before === r[c.sortBy!],
            `${t.name}.${c.name} ${r[c.name]}: ${before}, ${r[c.sortBy!]}`,
          );
          seen.set(r[c.name], r[c.sortBy!]);
        }
        assert.ok(seen.size > 0, `${t.name}.${c.name} has values`);
      }
  });

  test("no value from the data reaches the model's files: names stay in the CSVs", () => {
    const model = Object.entries(folder(dir))
      .filter(([path]) => path.startsWith("SalesInsight."))
      .map(([, content]) => content)
      .join("\n");
    assert.ok(model.length > 0);
    for (const name of ["Ernst Handel", "Mère Paillarde", "Côte de Blaye", "Save-a-lot Markets"])
      assert.ok(!model.includes(name), name);
  });

  test("the project's JSON files follow Microsoft's published schemas", () => {
    const ajv = new Ajv({ allErrors: true });
    const files = folder(dir);
    for (const [path, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
      const validate = ajv.compile(schema);
      const document: unknown = JSON.parse(files[path]);
      assert.ok(validate(document), `${path}: ${ajv.errorsText(validate.errors)}`);
    }
    const pbir = JSON.parse(files["SalesInsight.Report/definition.pbir"]) as {
      datasetReference: { byPath: { path: string } };
    };
    assert.equal(pbir.datasetReference.byPath.path, "../SalesInsight.SemanticModel");
    assert.ok(manifest.files.includes("SalesInsight.pbip"));
    assert.ok(manifest.files.includes("SalesInsight.SemanticModel/definition/tables/customer_results.tmdl"));
  });

  test("the data dictionary documents the result tables and the calendar, column by column", () => {
    const markdown = readFileSync(join(dir, "data-dictionary.md"), "utf8");
    for (const name of ["customer_results", "product_results", "country_results", "city_results", "dim_date"]) {
      const t = STAR.find((s) => s.name === name)!;
      assert.ok(markdown.includes(`### ${name}`), name);
      for (const c of t.columns) assert.ok(markdown.includes(`| ${c.name} | ${c.type} |`), `${name}.${c.name}`);
    }
    assert.match(markdown, /SalesInsight\.pbip/);
  });
});

describe("The Power BI project of a PostgreSQL warehouse", () => {
  let pg: TestWarehouse;
  let dir: string;
  before(async () => {
    pg = await postgresWarehouse("pbip");
    dir = mkdtempSync(join(tmpdir(), "powerbi-pg-"));
    await writePowerBiExtracts(pg.db, dir, { fiscalYearStart: 7 });
  });
  after(async () => {
    await pg?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the star schema is read from the warehouse's views; the calendar, margins and results from the files", () => {
    const model = checkTmdl(folder(join(dir, "SalesInsight.SemanticModel", "definition")));
    assert.deepEqual(model.problems, []);
    const source = (t: string) =>
      model.tables.get(t)!.node.children.find((c) => c.kind === "partition")!.properties.source as string;
    assert.match(source("fact_sales"), /PostgreSQL\.Database\(WarehouseServer, WarehouseDatabase\)/);
    assert.match(source("fact_sales"), /Item = "sales_lines"/);
    assert.match(source("dim_customer"), /Item = "dim_customers"/);
    assert.match(source("dim_customer"), /"city_key", each Text\.Combine/);
    assert.match(source("dim_date"), /ExtractFolder/);
    assert.match(source("customer_results"), /ExtractFolder/);
    assert.match(model.expressions.get("WarehouseServer")!.expression!, /^"127\.0\.0\.1:5432" meta/);
    assert.match(model.expressions.get("WarehouseDatabase")!.expression!, /^"sales_test_pbip_\d+" meta/);
  });

  test("the fiscal year start reaches the calendar", () => {
    const july = csv(dir, "dim_date").find((d) => d.date === "1996-07-01")!;
    assert.deepEqual([july.fiscal_year, july.fiscal_month, july.fiscal_year_label], ["1997", "1", "FY1997"]);
  });

  test("the warehouse's tables carry the primary and foreign keys Power BI detects relationships from", async () => {
    const keys = await pg.db.query<{ table_name: string; constraint_type: string; n: number }>(
      `SELECT table_name, constraint_type, COUNT(*) AS n FROM information_schema.table_constraints
       WHERE table_schema = current_schema() AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')
       GROUP BY table_name, constraint_type ORDER BY table_name, constraint_type`,
    );
    const has = (table: string, type: string) => keys.some((k) => k.table_name === table && k.constraint_type === type);
    for (const table of ["customers", "products", "employees", "shippers", "orders", "order_details"])
      assert.ok(has(table, "PRIMARY KEY"), `${table} primary key`);
    for (const table of ["orders", "order_details", "products"])
      assert.ok(has(table, "FOREIGN KEY"), `${table} foreign keys`);
  });
});

/**
 * The rules of Microsoft's JSON schemas for PBIP files
 * (github.com/microsoft/json-schemas, fabric/…), transcribed: the required
 * properties, the closed property sets and the $schema patterns.
 */
const PUBLISHED_SCHEMAS: Record<string, object> = {
  // fabric/pbip/pbipProperties/1.0.0
  "SalesInsight.pbip": {
    type: "object",
    additionalProperties: false,
    required: ["$schema", "version", "artifacts"],
    properties: {
      $schema: {
        type: "string",
        pattern:
          "^https://developer.microsoft.com/json-schemas/fabric/pbip/pbipProperties/1.[0-9]+.[0-9]+/schema.json$",
      },
      version: { type: "string" },
      artifacts: {
        type: "array",
        items: {
          type: "object",
          additionalProperties: false,
          required: ["report"],
          properties: {
            report: {
              type: "object",
              additionalProperties: false,
              required: ["path"],
              properties: { path: { type: "string" } },
            },
          },
        },
      },
      settings: {
        type: ["object", "null"],
        additionalProperties: false,
        properties: { enableAutoRecovery: { type: "boolean" } },
      },
    },
  },
  // fabric/item/semanticModel/definitionProperties/1.0.0
  "SalesInsight.SemanticModel/definition.pbism": {
    type: "object",
    additionalProperties: false,
    required: ["$schema", "version"],
    properties: {
      $schema: {
        type: "string",
        pattern:
          "^https://developer.microsoft.com/json-schemas/fabric/item/semanticModel/definitionProperties/1.[0-9]+.[0-9]+/schema.json$",
      },
      version: { type: "string" },
      settings: {
        type: ["object", "null"],
        additionalProperties: false,
        properties: { qnaEnabled: { type: ["boolean", "null"] }, qnaLsdlSharingPermissions: { enum: [0, 1] } },
      },
    },
  },
  // fabric/gitIntegration/platformProperties/2.0.0
  "SalesInsight.SemanticModel/.platform": platformSchema("SemanticModel"),
  "SalesInsight.Report/.platform": platformSchema("Report"),
  // fabric/item/report/definitionProperties/2.0.0
  "SalesInsight.Report/definition.pbir": {
    type: "object",
    additionalProperties: false,
    required: ["$schema", "version", "datasetReference"],
    properties: {
      $schema: {
        type: "string",
        pattern:
          "^https://developer.microsoft.com/json-schemas/fabric/item/report/definitionProperties/2.[0-9]+.[0-9]+/schema.json$",
      },
      version: { type: "string" },
      datasetReference: {
        type: "object",
        additionalProperties: false,
        properties: {
          byPath: {
            type: ["object", "null"],
            additionalProperties: false,
            required: ["path"],
            properties: { path: { type: "string" } },
          },
          byConnection: {
            type: ["object", "null"],
            additionalProperties: false,
            required: ["connectionString"],
            properties: { connectionString: { type: "string" } },
          },
        },
      },
    },
  },
  // fabric/item/report/definition/versionMetadata/1.0.0
  "SalesInsight.Report/definition/version.json": {
    type: "object",
    additionalProperties: false,
    required: ["$schema", "version"],
    properties: {
      $schema: {
        const:
          "https://developer.microsoft.com/json-schemas/fabric/item/report/definition/versionMetadata/1.0.0/schema.json",
      },
      version: { type: "string", pattern: "^[1-9][0-9]*\\.(0|[1-9][0-9]*)\\.0$" },
    },
  },
  // fabric/item/report/definition/report/1.0.0 (the required part and the theme collection)
  "SalesInsight.Report/definition/report.json": {
    type: "object",
    required: ["$schema", "layoutOptimization", "themeCollection"],
    properties: {
      $schema: {
        const: "https://developer.microsoft.com/json-schemas/fabric/item/report/definition/report/1.0.0/schema.json",
      },
      layoutOptimization: { enum: ["None", "PhonePortrait"] },
      themeCollection: {
        type: "object",
        additionalProperties: false,
        properties: { baseTheme: { type: "object" }, customTheme: { type: "object" } },
      },
    },
  },
  // fabric/item/report/definition/pagesMetadata/1.0.0
  "SalesInsight.Report/definition/pages/pages.json": {
    type: "object",
    additionalProperties: false,
    required: ["$schema"],
    properties: {
      pageOrder: { type: "array", items: { type: "string" } },
      activePageName: { type: "string" },
      $schema: {
        const:
          "https://developer.microsoft.com/json-schemas/fabric/item/report/definition/pagesMetadata/1.0.0/schema.json",
      },
    },
  },
};

function platformSchema(type: string): object {
  return {
    type: "object",
    required: ["$schema", "metadata", "config"],
    properties: {
      $schema: { type: "string" },
      metadata: {
        type: "object",
        required: ["type", "displayName"],
        properties: { type: { const: type }, displayName: { type: "string" }, description: { type: "string" } },
      },
      config: {
        type: "object",
        required: ["version", "logicalId"],
        properties: {
          version: { type: "string" },
          logicalId: { type: "string", pattern: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$" },
        },
      },
    },
  };
}

test("a folder named with quotes, #( and a line break still gives a model that parses, its path kept whole", async () => {
  const duck = await extractWarehouse();
  const parent = mkdtempSync(join(tmpdir(), "powerbi-odd-"));
  const dir = join(parent, `it's "odd" #(x)\nname`);
  try {
    await writePowerBiExtracts(duck.db, dir, { parquet: false });
    const model = checkTmdl(folder(join(dir, "SalesInsight.SemanticModel", "definition")));
    assert.deepEqual(model.problems, []);
    assert.equal(
      model.expressions.get("ExtractFolder")!.expression,
      `"${parent}/it's ""odd"" #(#)(x)#(lf)name" meta [IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true]`,
    );
  } finally {
    await duck.dispose();
    rmSync(parent, { recursive: true, force: true });
  }
});
