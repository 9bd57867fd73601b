import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { AnalysisResult } from "../analyse/analysis.js";
import { runAnalyses, type AnalysisRun } from "../run/index.js";
import { writeRunResults } from "../run/results.js";
import { connect } from "../db/connect.js";
import { loadWarehouse } from "../load/warehouse.js";
import { analysePrediction } from "../model/prediction/index.js";
import { analyseSegments } from "../model/segmentation/index.js";
import { analysisContext } from "../notebook/warehouse.js";
import { SECTION_MIME, type Section } from "../notebook/section.js";
import { ensureDist } from "./build.js";
import type { NotebookJson } from "./nbformat.js";
import {
  errorOutputs,
  injectParameters,
  NotebookError,
  runNotebook,
  runNotebooks,
  writeNotebook,
  type ExecutedNotebook,
} from "./notebooks.js";
import { Converters } from "./tslab.js";
import { commentaryMarkdown } from "../analyse/commentary/commentary.js";

const NOTEBOOKS = fileURLToPath(new URL("../../notebooks/", import.meta.url));
const DATA = fileURLToPath(new URL("../../data/", import.meta.url));
const ORDER = [
  "01-load-and-quality",
  "02-exploration",
  "03-customers",
  "04-locations",
  "05-products",
  "06-employees",
  "07-segmentation",
  "08-prediction",
];
const KEYS = ["quality", "exploration", "customers", "locations", "products", "employees", "segments", "prediction"];

/** What a figure looks like once it has been through JSON, as every section has. */
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const scratch = mkdtempSync(join(tmpdir(), "notebooks-test-"));
const url = `duckdb:${join(scratch, "warehouse.duckdb")}`;
const params = { period: "all", country: null, category: null, db: url, data: DATA };
/** The run's results, as the report hands them to the notebooks. */
const results = join(scratch, "results.json");
/** Nothing listens on port 1: a notebook that reached for the warehouse would fail. */
const nowhere = "postgres://nobody@127.0.0.1:1/no_warehouse";
let executed: ExecutedNotebook[];
let run: AnalysisRun;
let segments: AnalysisResult;
let prediction: AnalysisResult;
// One set of tslab compilers for every notebook of the folder, as runNotebooks uses.
const converters = new Converters(NOTEBOOKS.replace(/\/$/, ""));

before(async () => {
  await ensureDist();
  const db = await connect(url);
  try {
    await loadWarehouse(db, { dataDir: DATA });
    run = await runAnalyses({ db, dataDir: DATA, pack: true });
    await writeRunResults(run, results);
    const ctx = await analysisContext(db, { dataDir: DATA });
    segments = await analyseSegments(ctx);
    prediction = await analysePrediction(ctx);
  } finally {
    await db.close();
  }
  // As the report runs them: with the run's results, and here a warehouse that cannot be reached.
  executed = await runNotebooks(NOTEBOOKS, { ...params, db: nowhere, results }, { converters });
});

after(() => {
  converters.close();
  rmSync(scratch, { recursive: true, force: true });
});

const section = (key: string): Section => {
  const found = executed.flatMap((nb) => nb.sections).find((s) => s.key === key);
  assert.ok(found, `a "${key}" section`);
  return found;
};
const result = (key: string) => run.results.find((r) => r.key === key)!;

describe("the notebooks, run headlessly on the extract", () => {
  test("run in reading order, each handing the report exactly one section named after its notebook", () => {
    assert.deepEqual(
      executed.map((nb) => nb.name),
      ORDER,
    );
    assert.deepEqual(
      executed.map((nb) => nb.sections.map((s) => s.key)),
      KEYS.map((k) => [k]),
    );
    for (const nb of executed) assert.equal(nb.sections[0].notebook, nb.name);
  });

  test("given the run's results, the pack's notebooks run no analysis query: the warehouse they were given is unreachable", () => {
    assert.deepEqual(
      executed.map((nb) => errorOutputs(nb.notebook)),
      executed.map(() => []),
    );
    for (const key of KEYS) {
      assert.deepEqual(section(key).figures, json(result(key).figures), key);
      assert.deepEqual(
        section(key).queries,
        json(run.queriesOf[key]),
        `${key}: the queries the analyse stage ran for it`,
      );
    }
  });

  test("the customers section shows runAnalyses' figures: $386,424.23 in all, Ernst Handel first with $35,631.21", () => {
    const s = section("customers");
    assert.deepEqual(s.figures, json(result("customers").figures));
    const f = s.figures as {
      total_sales: number;
      customers_ordered: number;
      ranking: { name: string; sales: number }[];
    };
    assert.equal(f.total_sales, 386424.23);
    assert.equal(f.customers_ordered, 74);
    assert.deepEqual([f.ranking[0].name, f.ranking[0].sales], ["Ernst Handel", 35631.21]);
    assert.deepEqual(s.commentary, result("customers").commentary);
    assert.match(commentaryMarkdown(s.commentary), /Ernst Handel/);
    assert.deepEqual(s.tables, json(result("customers").tables));
  });

  test("the locations, products and employees sections equal runAnalyses': USA, Côte de Blaye, Margaret Peacock", () => {
    for (const key of ["locations", "products", "employees"]) {
      assert.deepEqual(section(key).figures, json(result(key).figures), key);
      assert.deepEqual(section(key).commentary, result(key).commentary, key);
    }
    const top = (key: string) => (section(key).figures as { ranking: { name: string; sales: number }[] }).ranking[0];
    assert.deepEqual(top("locations"), { ...top("locations"), name: "USA", sales: 69611.75 });
    assert.deepEqual(top("products"), { ...top("products"), name: "Côte de Blaye", sales: 62976.5 });
    assert.deepEqual(top("employees"), { ...top("employees"), name: "Margaret Peacock", sales: 105696.5 });
  });

  test("the segmentation and prediction sections equal analyseSegments' and analysePrediction', models included", () => {
    assert.deepEqual(section("segments").figures, json(segments.figures));
    assert.deepEqual(section("segments").extraFigures, json(segments.extraFigures));
    // The same model but for the moment it was trained.
    const untimed = (models: unknown) =>
      JSON.parse(JSON.stringify(models), (k, v: unknown) => (k === "trained_at" ? undefined : v)) as unknown;
    assert.deepEqual(untimed(section("segments").models), untimed(segments.models));
    assert.deepEqual(section("prediction").figures, json(prediction.figures));
    assert.deepEqual(section("prediction").commentary, prediction.commentary);
  });

  test("the quality and exploration sections count the extract: 91 customers, 17 never ordered, 196 orders, 518 lines", () => {
    const q = section("quality").figures as {
      tables: { table: string; rows: number }[];
      never_ordered: unknown[];
      first_order: string;
      last_order: string;
    };
    const rows = Object.fromEntries(q.tables.map((t) => [t.table, t.rows]));
    assert.deepEqual([rows.customers, rows.orders, rows.order_details, rows.products], [91, 196, 518, 77]);
    assert.equal(q.never_ordered.length, 17);
    assert.deepEqual([q.first_order, q.last_order], ["1996-07-04", "1997-02-12"]);
    const e = section("exploration").figures as { orders: number; sales: number; lines: number };
    assert.deepEqual([e.orders, e.sales, e.lines], [196, 386424.23, 518]);
  });

  test("executed notebooks hold outputs, execution counts and the injected parameters, and no error", () => {
    for (const nb of executed) {
      assert.deepEqual(errorOutputs(nb.notebook), [], nb.name);
      const code = nb.notebook.cells.filter((c) => c.cell_type === "code");
      assert.deepEqual(
        code.map((c) => c.execution_count),
        code.map((_, i) => i + 1),
        nb.name,
      );
      const at = nb.notebook.cells.findIndex((c) => c.metadata.tags?.includes("parameters"));
      const injected = nb.notebook.cells[at + 1];
      assert.deepEqual(injected.metadata.tags, ["injected-parameters"], nb.name);
      assert.match(
        [injected.source].flat().join(""),
        new RegExp(`db = ${JSON.stringify(nowhere).replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")};`),
      );
      assert.ok(
        code.some((c) => c.outputs?.some((o) => o.output_type === "display_data" && SECTION_MIME in o.data)),
        nb.name,
      );
      assert.equal((nb.notebook.metadata.kernelspec as { name: string }).name, "tslab");
    }
  });

  test("executed notebooks are valid nbformat 4 (checked by Jupyter's own nbformat, when installed)", (t) => {
    const python = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "import nbformat"]).status === 0);
    if (!python) return t.skip("no python3 with nbformat");
    const dir = join(scratch, "executed");
    mkdirSync(dir, { recursive: true });
    const paths = executed.map((nb) => join(dir, `${nb.name}.ipynb`));
    executed.forEach((nb, i) => writeNotebook(paths[i], nb.notebook));
    const check = spawnSync(
      python,
      [
        "-c",
        "import sys, nbformat\nfor p in sys.argv[1:]: nbformat.validate(nbformat.read(p, as_version=4))",
        ...paths,
      ],
      { encoding: "utf8" },
    );
    assert.equal(check.status, 0, check.stderr);
  });

  test("charts reach Jupyter as one bundle: Vega-Lite 5 with its $schema, the same chart as SVG, and a title as text", () => {
    const bundles = executed
      .flatMap((nb) => nb.notebook.cells.flatMap((c) => c.outputs ?? []))
      .filter((o) => o.output_type === "display_data" && "application/vnd.vegalite.v5+json" in o.data);
    assert.ok(bundles.length >= 15, `${bundles.length} chart outputs`);
    for (const b of bundles as { data: Record<string, unknown> }[]) {
      assert.equal(
        (b.data["application/vnd.vegalite.v5+json"] as { $schema: string }).$schema,
        "https://vega.github.io/schema/vega-lite/v5.json",
      );
      assert.match([b.data["image/svg+xml"]].flat().join(""), /^<svg[^>]* xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
      assert.match([b.data["text/plain"]].flat().join(""), /^\[chart\] /);
    }
    // The report inlines the SVG: no namespace, no URL.
    for (const c of section("customers").charts) assert.match(c.svg, /^<svg(?![^>]*xmlns)/);
  });

  test("a period passed as a parameter reaches the notebook: 03-customers for 1997-01 equals runAnalyses for 1997-01", async () => {
    const nb = await runNotebook(
      join(NOTEBOOKS, "03-customers.ipynb"),
      { ...params, period: "1997-01" },
      { converters },
    );
    const db = await connect(url);
    try {
      const jan = await runAnalyses({ db, period: "1997-01", dataDir: DATA, only: ["customers"] });
      const expected = jan.results.find((r) => r.key === "customers")!;
      assert.deepEqual(nb.sections[0].figures, json(expected.figures));
      assert.notEqual((expected.figures as { total_sales: number }).total_sales, 386424.23);
    } finally {
      await db.close();
    }
  });

  test("the model notebooks run for a month in the middle of the history, whose examples must not reach past it", async () => {
    for (const name of ["07-segmentation.ipynb", "08-prediction.ipynb"]) {
      const nb = await runNotebook(join(NOTEBOOKS, name), { ...params, period: "1996-12" }, { converters });
      assert.equal(nb.sections.length, 1, name);
    }
  });
});

/** A notebook of code cells (and one markdown cell first, so cell numbers count it). */
function notebook(...cells: string[]): NotebookJson {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: [
      { id: "title", cell_type: "markdown", metadata: {}, source: "# Test" },
      ...cells.map((source, i) => ({
        id: `c${i}`,
        cell_type: "code" as const,
        metadata: i === 0 ? { tags: ["parameters"] } : {},
        source,
        outputs: [],
        execution_count: null,
      })),
    ],
  };
}

describe("a failing notebook", () => {
  const dir = mkdtempSync(join(tmpdir(), "notebooks-broken-"));
  const write = (name: string, nb: NotebookJson) => {
    const path = join(dir, `${name}.ipynb`);
    writeFileSync(path, JSON.stringify(nb));
    return path;
  };
  const local = new Converters(dir);
  after(() => {
    local.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("stops at the failing cell with the notebook's name, the cell's number in the file and the exception", async () => {
    const path = write(
      "09-broken",
      notebook(
        `let n: number = 1;`,
        `const doubled = n * 2;\nconsole.log("doubled", doubled);`,
        `throw new Error("the extract is missing");`,
        `console.log("never runs");`,
      ),
    );
    const error = await runNotebook(path, { n: 2 }, { converters: local }).then(
      () => assert.fail("the notebook should have failed"),
      (e: unknown) => e,
    );
    assert.ok(error instanceof NotebookError);
    assert.equal(error.notebook, "09-broken");
    assert.equal(error.cell, 4);
    assert.match(error.message, /^09-broken: cell 4 failed: .*the extract is missing/s);
    const cells = error.executed!.cells;
    assert.deepEqual(errorOutputs(error.executed!), [{ cell: 5, ename: "Error", evalue: "the extract is missing" }]);
    assert.deepEqual(
      cells[3].outputs,
      [{ output_type: "stream", name: "stdout", text: ["doubled 4\n"] }],
      "printed with the injected n = 2",
    );
    assert.deepEqual(cells.at(-1)!.outputs, [], "later cells do not run");
  });

  test("reports a type error as the failure of its cell, with the compiler's message", async () => {
    const path = write("10-mistyped", notebook(`let period: string = "all";`, `const months: number = period;`));
    await assert.rejects(runNotebook(path, {}, { converters: local }), (e: NotebookError) => {
      assert.equal(e.cell, 3);
      assert.match(e.detail, /Type 'string' is not assignable to type 'number'/);
      return true;
    });
  });

  test("run in worker processes, the first failure in reading order is the one reported", async () => {
    const only = mkdtempSync(join(tmpdir(), "notebooks-workers-"));
    try {
      writeFileSync(join(only, "01-fine.ipynb"), JSON.stringify(notebook(`let x: number = 1;`, `console.log(x + 1);`)));
      writeFileSync(
        join(only, "02-broken.ipynb"),
        JSON.stringify(notebook(`let x: number = 1;`, `throw new Error("second")`)),
      );
      await assert.rejects(runNotebooks(only, { x: 5 }, { concurrency: 2 }), (e: NotebookError) => {
        assert.equal(e.name, "NotebookError");
        assert.deepEqual([e.notebook, e.cell], ["02-broken", 3]);
        assert.match(e.detail, /second/);
        return true;
      });
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });
});

describe("parameter injection", () => {
  const nb = notebook(
    `let period: string = "all";\nlet country: string | null = null;\nconst fixed = 1;`,
    `console.log(period)`,
  );

  test("adds a cell tagged injected-parameters after the parameters cell, assigning each value", () => {
    const { notebook: out, injectedAt, warnings } = injectParameters(nb, { period: "1997-Q1", country: "Germany" });
    assert.equal(injectedAt, 2);
    assert.deepEqual(out.cells[2].metadata.tags, ["injected-parameters"]);
    assert.equal(
      [out.cells[2].source].flat().join(""),
      `// Injected parameters\nperiod = "1997-Q1";\ncountry = "Germany";\nvoid 0;`,
    );
    assert.deepEqual(warnings, []);
    assert.equal(nb.cells.length, 3, "the original is left alone");
  });

  test("replaces an earlier injection instead of stacking another", () => {
    const once = injectParameters(nb, { period: "1997" }).notebook;
    const twice = injectParameters(once, { period: "1997-01" }).notebook;
    assert.equal(twice.cells.filter((c) => c.metadata.tags?.includes("injected-parameters")).length, 1);
    assert.match([twice.cells[2].source].flat().join(""), /period = "1997-01";/);
  });

  test("skips a parameter the notebook does not declare, with a warning, as papermill does", () => {
    const { warnings, notebook: out } = injectParameters(nb, { period: "1997", horizon: 30 }, "03-x");
    assert.deepEqual(warnings, ['03-x: parameter "horizon" is not declared in the parameters cell; skipped']);
    assert.doesNotMatch([out.cells[2].source].flat().join(""), /horizon/);
  });

  test("refuses to override a const, and parameters without a parameters cell", () => {
    assert.throws(
      () => injectParameters(nb, { fixed: 2 }, "03-x"),
      /03-x: cell 2 failed: the parameters cell declares "fixed" with const/,
    );
    const bare = { ...nb, cells: nb.cells.map((c) => ({ ...c, metadata: {} })) };
    assert.throws(() => injectParameters(bare, { period: "1997" }, "03-x"), /no cell is tagged "parameters"/);
    assert.throws(
      () => injectParameters(nb, { period: Number.NaN }),
      /parameter "period" must be a string, a finite number, a boolean or null/,
    );
  });
});
