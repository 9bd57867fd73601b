import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { extractWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import { analysis } from "../notebook/analysis.js";
import { buildReport } from "../render/report.js";
import { ORDER_SIZES } from "./fixtures/order-sizes.js";
import { runAnalyses } from "./index.js";
import { figuresDocument } from "./outputs.js";
import { analyses, managementAnalyses, registerAnalysis, unregisterAnalysis } from "./registry.js";
import { writeRunResults } from "./results.js";

describe("the registry of analyses", () => {
  test("lists each analysis once, the overview first, the four management decisions marked primary", () => {
    const keys = analyses().map((a) => a.key);
    assert.equal(new Set(keys).size, keys.length);
    assert.equal(keys[0], "overview");
    assert.deepEqual(managementAnalyses(), ["customers", "locations", "products", "employees"]);
    assert.deepEqual(
      analyses()
        .filter((a) => a.notebook)
        .map((a) => a.notebook),
      [
        "01-load-and-quality",
        "02-exploration",
        "03-customers",
        "04-locations",
        "05-products",
        "06-employees",
        "07-segmentation",
        "08-prediction",
      ],
    );
  });

  test("refuses a second analysis with a key already taken, and a key that is not a plain name", () => {
    assert.throws(() => registerAnalysis({ ...ORDER_SIZES, key: "customers" }), /registered already/);
    assert.throws(() => registerAnalysis({ ...ORDER_SIZES, key: "Order Sizes" }), /lower-case/);
  });
});

describe("an analysis added with one registry entry", () => {
  let w: TestWarehouse;
  let scratch: string;
  before(async () => {
    registerAnalysis(ORDER_SIZES);
    w = await extractWarehouse();
    scratch = mkdtempSync(join(tmpdir(), "registry-test-"));
  });
  after(async () => {
    unregisterAnalysis(ORDER_SIZES.key);
    await w?.dispose();
    rmSync(scratch, { recursive: true, force: true });
  });

  test("appears in figures.json: the extract's 196 orders, the largest $15,353.60", async () => {
    const doc = figuresDocument(await runAnalyses({ db: w.db }));
    assert.deepEqual(doc.order_sizes, {
      title: "Order sizes: a registered fixture",
      orders: 196,
      largest_order: 15353.6,
      commentary: {
        finding: "The largest of 196 orders came to $15,353.60.",
        evidence: [],
        recommendation: ["Quote large orders early."],
        caveats: ["A test fixture."],
      },
      tables: [],
    });
  });

  test("appears in the notebook API, computed live and read from a run's results", async () => {
    const url = `duckdb:${join(scratch, "api.duckdb")}`;
    const live = await analysis("order_sizes", { db: url, data: "data" });
    assert.deepEqual(live.figures, { orders: 196, largest_order: 15353.6 });
    const results = join(scratch, "results.json");
    await writeRunResults(await runAnalyses({ db: w.db, only: ["order_sizes"] }), results);
    const stored = await analysis("order_sizes", { db: "postgres://nobody@127.0.0.1:1/unreachable", results });
    assert.deepEqual(stored.figures, live.figures);
    const { closeWarehouses } = await import("../notebook/warehouse.js");
    await closeWarehouses();
  });

  test("appears in the report: its own section and its question in the executive summary", async () => {
    const notebooks = join(scratch, "notebooks");
    mkdirSync(notebooks, { recursive: true });
    const cell = (source: string, tags: string[] = []) => ({
      cell_type: "code",
      metadata: { tags },
      source,
      outputs: [],
      execution_count: null,
    });
    const nb = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
      cells: [cell('let period: string = "all";', ["parameters"]), cell("console.log(period);")],
    };
    writeFileSync(join(notebooks, "01-nothing.ipynb"), JSON.stringify(nb));
    const out = join(scratch, "pack");
    const built = await buildReport({
      db: `duckdb:${join(scratch, "report.duckdb")}`,
      dataDir: "data",
      out,
      notebooksDir: notebooks,
      formats: ["html"],
      compile: false,
    });
    const view = built.packs[0].view;
    assert.deepEqual(
      view.sections.map((s) => s.title),
      ["Order sizes: a registered fixture"],
    );
    assert.ok(view.decisions.some((d) => d.key === "order_sizes" && d.ask === "How large are the orders?"));
    const html = readFileSync(join(out, "report.html"), "utf8");
    assert.match(html, /Order sizes: a registered fixture/);
    assert.match(html, /The largest of 196 orders came to \$15,353\.60\./);
    const figures = JSON.parse(readFileSync(join(out, "figures.json"), "utf8")) as Record<string, { orders: number }>;
    assert.equal(figures.order_sizes.orders, 196);
  });
});
