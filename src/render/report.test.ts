import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { sendPack } from "../deliver/email.js";
import { leaves, parseMime, startSink } from "../deliver/smtp-sink.js";
import type { Manifest } from "./manifest.js";
import { EMAIL_HTML_LIMIT } from "./email-pack.js";
import { errorOutputs } from "./notebooks.js";
import type { NotebookJson } from "./nbformat.js";
import { pdfAnchors } from "./pdf-anchors.js";
import { pageFill } from "./pdf-fill.js";
import { queryGroups } from "./pdf-model.js";
import { buildReport, type ReportResult } from "./report.js";
import type { StageEvent } from "./stages.js";

/**
 * The pack of the real extract, built once for the whole file (temp DuckDB,
 * temp output): its figures must be the data README's.
 */

let root: string;
let db: string;
let out: string;
let built: ReportResult;
const events: StageEvent[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), "report-test-"));
  db = `duckdb:${join(root, "warehouse.duckdb")}`;
  out = join(root, "reports", "all");
  built = await buildReport({ period: "all", db, dataDir: "data", out, onStage: (e) => events.push(e) });
});

after(async () => {
  await rm(root, { recursive: true, force: true });
});

const read = (name: string) => readFileSync(join(out, name), "utf8");

describe("the pack of the extract", () => {
  test("writes every part of the pack", () => {
    for (const name of [
      "report.html",
      "report.pdf",
      "figures.json",
      "commentary.md",
      "manifest.json",
      "appendix.pdf",
      "email/message.html",
      "email/message.json",
      "email/message.txt",
    ])
      assert.ok(existsSync(join(out, name)), name);
    assert.ok(readdirSync(join(out, "powerbi")).length > 0, "powerbi/");
    assert.ok(
      readdirSync(join(out, "notebooks")).some((f) => f.endsWith(".ipynb")),
      "notebooks/",
    );
  });

  test("its Power BI project reads the extracts from the pack's own folder", () => {
    const expressions = read(join("powerbi", "SalesInsight.SemanticModel", "definition", "expressions.tmdl"));
    assert.ok(
      expressions.includes(`expression ExtractFolder = ${JSON.stringify(join(out, "powerbi"))} meta`),
      expressions,
    );
  });

  test("figures.json holds the README's figures", () => {
    const figures = JSON.parse(read("figures.json")) as Record<string, unknown>;
    assert.equal(figures.total_sales, 386424.23);
    assert.equal(figures.orders, 196);
    assert.equal(figures.active_customers, 74);
  });

  test("the report shows them: cover tiles and the top customer, country, product and employee", () => {
    const html = read("report.html");
    assert.match(html, /<div class="kpi-value">\$386,424\.23<\/div>/);
    assert.match(html, /<div class="kpi-value">196<\/div>/);
    assert.match(html, /<div class="kpi-value">74<\/div>/);
    // The whole history has nothing before it: the cover says so once, not on every tile.
    assert.match(html, /<span>All orders on record<\/span>/);
    assert.doesNotMatch(html, /Period all|no earlier sales/);
    for (const figure of [
      /Ernst Handel[^<]*<\/td>.*?\$35,631\.21/s,
      /USA[^<]*<\/td>.*?\$69,611\.75/s,
      /Côte de Blaye[^<]*<\/td>.*?\$62,976\.50/s,
      /Margaret Peacock[^<]*<\/td>.*?\$105,696\.50/s,
    ])
      assert.match(html, figure);
  });

  test("the HTML is self-contained: no http(s) string outside its inlined libraries, no external resource", () => {
    const html = read("report.html");
    // Vega's bundles name the SVG namespace and their home pages; the policy lets nothing be fetched.
    const scripts = [...html.matchAll(/<script( [^>]*)?>[\s\S]*?<\/script>/g)];
    assert.deepEqual(
      scripts.map((m) => m[1] ?? ""),
      [' type="application/json" id="report-data"', "", "", ""],
    );
    const page = html.replace(/<script( [^>]*)?>[\s\S]*?<\/script>/g, "");
    assert.doesNotMatch(page, /https?:\/\//);
    assert.doesNotMatch(page, /<link|<script|<img/);
  });

  test("the PDF pack is 14 pages: a dashboard, the six decisions, two pages per decision", () => {
    const pdf = pdfAnchors(readFileSync(join(out, "report.pdf")));
    assert.equal(pdf.pages, 14);
    assert.deepEqual(
      [1, 2, 3, 4, 5, 6].map((n) => pdf.anchors.get(`chapter-${n}`)),
      [3, 5, 7, 9, 11, 13],
    );
    const decisions = execFileSync("pdftotext", ["-f", "2", "-l", "2", "-layout", join(out, "report.pdf"), "-"], {
      encoding: "utf8",
    });
    assert.match(
      decisions,
      /Loyalty program for the top customers\s+p\. 3/,
      "the decisions page gives each one's page",
    );
    const dashboard = execFileSync("pdftotext", ["-f", "1", "-l", "1", join(out, "report.pdf"), "-"], {
      encoding: "utf8",
    });
    for (const text of ["$386K", "$386,424.23", "196", "74", "$1,972", "4 July 1996 to 12 February 1997"])
      assert.ok(dashboard.includes(text), `the dashboard shows ${text}`);
    assert.doesNotMatch(dashboard, /Period all|no earlier sales/);
  });

  test("no page of the PDF pack is under half full but a decision's last", () => {
    const fill = pageFill(join(out, "report.pdf"));
    // Pages 4, 6, … 14 end a decision; the dashboard, the decisions page and each decision's first page are full.
    const under = fill
      .map((f, i) => ({ page: i + 1, f }))
      .filter(({ page, f }) => (page < 4 || page % 2 === 1) && f < 0.5);
    assert.deepEqual(under, [], `ink reaches ${fill.join(", ")} of each page`);
  });

  test("the appendix is a PDF of its own with every table whole and each query once", () => {
    const text = execFileSync("pdftotext", [join(out, "appendix.pdf"), "-"], { encoding: "utf8" });
    assert.match(text, /Customers by sales/);
    assert.match(text, /Methodology and caveats/);
    const groups = queryGroups(built.packs[0].view.queries);
    assert.ok(groups.length > 5, `${groups.length} queries`);
    assert.ok(groups.every((g, i) => groups.findIndex((h) => h.name === g.name && h.sql === g.sql) === i));
    for (const g of groups) assert.match(text, new RegExp(`\\bQ${g.number}\\b`), `Q${g.number} ${g.name}`);
    assert.doesNotMatch(text, new RegExp(`\\bQ${groups.length + 1}\\b`), "no query printed twice");
  });

  test("the executed notebooks hold outputs and no errors", () => {
    for (const file of readdirSync(join(out, "notebooks"))) {
      const nb = JSON.parse(read(join("notebooks", file))) as NotebookJson;
      assert.deepEqual(errorOutputs(nb), [], file);
      assert.ok(
        nb.cells.some((c) => (c.outputs ?? []).length > 0),
        `${file} has outputs`,
      );
    }
  });

  test("the appendix lists every query the analyses ran, with its row count", () => {
    const html = read("report.html");
    const queries = JSON.parse(read("queries.json")) as { name: string; rows: number }[];
    assert.ok(queries.length > 5);
    for (const q of queries) assert.ok(html.includes(`<span class="query-name">${q.name}</span>`), q.name);
  });

  test("the analyse stage names each analysis as it starts, between its own start and end", () => {
    const analyse = events.filter((e) => e.stage === "analyse").map((e) => (e.state === "step" ? e.detail : e.state));
    assert.equal(analyse[0], "start");
    assert.equal(analyse.at(-1), "done");
    const steps = analyse.slice(1, -1);
    assert.equal(steps[0], `Sales overview (1/${steps.length})`);
    assert.ok(steps.includes(`Customer sales prediction (${steps.length}/${steps.length})`), steps.join(", "));
    assert.deepEqual(
      steps.map((s) => Number(/\((\d+)\/\d+\)$/.exec(s!)?.[1])),
      steps.map((_, i) => i + 1),
    );
  });

  test("the manifest records the data fingerprint, the code, the parameters and each stage's time", () => {
    const manifest = JSON.parse(read("manifest.json")) as Manifest;
    assert.match(manifest.data.fingerprint?.sha256 ?? "", /^[0-9a-f]{64}$/);
    assert.deepEqual(manifest.data.fingerprint?.files.map((f) => f.name).includes("Orders.csv"), true);
    assert.equal(manifest.data.loaded, true);
    const { loaded_at, ...warehouse } = manifest.data.warehouse;
    assert.deepEqual(warehouse, {
      orders: 196,
      order_lines: 518,
      sales: 386424.23,
      first_order: "1996-07-04",
      last_order: "1997-02-12",
    });
    assert.match(loaded_at ?? "", /^\d{4}-\d{2}-\d{2}T/, "when the warehouse was loaded");
    assert.equal(manifest.parameters.period, "all");
    assert.equal(manifest.parameters.start, "1996-07-01");
    for (const stage of ["warehouse", "analyse", "notebooks", "charts", "html", "pdf"] as const)
      assert.ok(typeof manifest.stages[stage] === "number", stage);
    assert.ok(manifest.outputs.includes("report.pdf"));
    assert.equal(manifest.code.package, "sales-insight");
  });

  test("e-mails the pack: the dashboard and decisions as body, charts inline as PNG, both PDFs attached", async () => {
    const sink = await startSink();
    try {
      await sendPack({ packDir: out, to: ["board@example.com"], smtp: sink.url });
      const parts = leaves(parseMime(sink.messages[0].raw));
      const html = parts.find((p) => p.headers.get("content-type")?.startsWith("text/html"))!.body.toString("utf8");
      assert.match(html, /\$386,424\.23/);
      assert.ok(
        Buffer.byteLength(html) < EMAIL_HTML_LIMIT,
        `the body (${Buffer.byteLength(html)} bytes) stays under 100 KB (Gmail clips at 102 KB)`,
      );
      const cids = [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
      assert.ok(cids.length > 0);
      for (const cid of cids)
        assert.ok(
          parts.some((p) => p.headers.get("content-id") === `<${cid}>`),
          cid,
        );
      const pdfs = parts.filter((p) => p.headers.get("content-type")?.startsWith("application/pdf"));
      assert.equal(pdfs.length, 2, "the pack and its appendix");
      for (const pdf of pdfs) assert.equal(pdf.body.subarray(0, 5).toString(), "%PDF-");
    } finally {
      await sink.close();
    }
  });

  test("a second run reuses the loaded warehouse and compares with the period before", async () => {
    // A notebook that only reads its parameters keeps this test about the pipeline.
    const notebooks = join(root, "quiet-notebooks");
    mkdirSync(notebooks, { recursive: true });
    writeFileSync(join(notebooks, "01-quiet.ipynb"), JSON.stringify(notebook("console.log(`period ${period}`);")));
    const again = await buildReport({
      period: "1997-01",
      db,
      dataDir: "data",
      out: join(root, "reports", "1997-01"),
      formats: ["html"],
      notebooksDir: notebooks,
      compile: false,
    });
    assert.equal(again.packs[0].manifest.data.loaded, false);
    assert.equal(again.packs[0].period.previous.label, "1996-12");
    const html = readFileSync(join(root, "reports", "1997-01", "report.html"), "utf8");
    assert.match(html, /<div class="kpi-value">\$83,400\.47<\/div>\s*<span class="kpi-change up">▲ \+30\.9%<\/span>/);
  });
});

describe("a range of periods", () => {
  test("writes one pack per month, each compared with the month before, and an index linking them", async () => {
    const notebooks = join(root, "range-notebooks");
    mkdirSync(notebooks, { recursive: true });
    writeFileSync(join(notebooks, "01-quiet.ipynb"), JSON.stringify(notebook("void period;")));
    const target = join(root, "reports", "range");
    const result = await buildReport({
      period: "1996-12..1997-01",
      every: "month",
      db,
      dataDir: "data",
      out: target,
      formats: ["html"],
      notebooksDir: notebooks,
      compile: false,
    });
    assert.deepEqual(readdirSync(target).sort(), ["1996-12", "1997-01", "index.html"]);
    assert.deepEqual(
      result.packs.map((p) => p.period.previous.label),
      ["1996-11", "1996-12"],
    );
    const index = readFileSync(join(target, "index.html"), "utf8");
    assert.match(index, /<a href="1996-12\/report.html">Report<\/a>/);
    assert.match(index, /\$63,721\.23/, "December's sales on its tile");
    assert.match(index, /\$83,400\.47/, "January's");
    assert.doesNotMatch(index, /https?:\/\//);
  });
});

describe("a failing notebook", () => {
  test("stops the render with the notebook's name, the cell number and the error, exits 1 and leaves no pack", () => {
    const notebooks = join(root, "bad-notebooks");
    mkdirSync(notebooks, { recursive: true });
    writeFileSync(
      join(notebooks, "01-bad.ipynb"),
      JSON.stringify(notebook('throw new Error("the warehouse is on fire");')),
    );
    const target = join(root, "reports", "bad");
    mkdirSync(target, { recursive: true });
    writeFileSync(join(target, "report.html"), "the previous pack");
    // A previous pack, recognised by its manifest: --out replaces nothing else (src/deliver/out-dir.ts).
    writeFileSync(join(target, "manifest.json"), JSON.stringify({ outputs: ["manifest.json", "report.html"] }));

    const run = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/report.ts",
        "--period",
        "1997-01",
        "--db",
        db,
        "--out",
        target,
        "--notebooks",
        notebooks,
        "--format",
        "html",
      ],
      { encoding: "utf8", env: { ...process.env, SALES_PROGRESS: "0" } },
    );
    assert.equal(run.status, 1);
    assert.match(run.stderr, /^report: 01-bad: cell 3 failed: .*Error: the warehouse is on fire/s);
    assert.doesNotMatch(run.stderr, /^\s+at /m, "the error, not the runner's stack");
    assert.equal(readFileSync(join(target, "report.html"), "utf8"), "the previous pack");
    assert.deepEqual(
      readdirSync(join(root, "reports")).filter((f) => f.startsWith(".")),
      [],
      "no partial folder left",
    );
  });
});

/** Parameters as the real notebooks declare them, a markdown cell, then `code` (cell 3 of the file). */
function notebook(code: string): NotebookJson {
  const cell = (source: string, tags: string[] = []) => ({
    cell_type: "code" as const,
    source,
    metadata: { tags },
    outputs: [],
    execution_count: null,
  });
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {},
    cells: [
      cell(
        'let period: string = "all";\nlet country: string | null = null;\nlet category: string | null = null;\nlet db: string = "";\nlet data: string = "data";',
        ["parameters"],
      ),
      { cell_type: "markdown", source: "A cell that works, then one that fails.", metadata: {} },
      cell(code),
    ],
  };
}

// The CLI's own contract: usage errors exit 2 before anything runs.
describe("the report command", () => {
  test("answers --help and rejects a bad --format with exit code 2", () => {
    const cli = ["--import", "tsx", "src/cli/report.ts"];
    assert.match(execFileSync(process.execPath, [...cli, "--help"], { encoding: "utf8" }), /--period P/);
    try {
      execFileSync(process.execPath, [...cli, "--format", "docx"], { encoding: "utf8", stdio: "pipe" });
      assert.fail("should exit 2");
    } catch (error) {
      const e = error as { status: number; stderr: string };
      assert.equal(e.status, 2);
      assert.match(e.stderr, /--format takes html, pdf or html,pdf, not "docx"/);
    }
  });

  test("a data folder that is not there exits 1 naming it, and leaves no empty warehouse nor pack", async () => {
    const dir = await mkdtemp(join(tmpdir(), "report-nowhere-"));
    try {
      const r = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          "src/cli/report.ts",
          "--data",
          join(dir, "nowhere"),
          "--db",
          `duckdb:${join(dir, "new", "w.duckdb")}`,
          "--out",
          join(dir, "pack"),
          "--format",
          "html",
        ],
        { encoding: "utf8", env: { ...process.env, SALES_DB: "" } },
      );
      assert.equal(r.status, 1, r.stderr);
      assert.match(r.stderr, /the data folder .*nowhere does not exist: give --data the folder of the extracts/);
      assert.deepEqual(readdirSync(dir), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
