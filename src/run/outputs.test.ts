import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { extractWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import { managementAnalyses, runAnalyses, type AnalysisRun } from "./index.js";
import { defaultOutDir, figuresDocument, writeAnalysisOutputs, type OutputSummary } from "./outputs.js";
import { commentaryMarkdown, type Commentary } from "../analyse/commentary/commentary.js";

describe("writing a run to a folder", () => {
  let w: TestWarehouse;
  let dir: string;
  let run: AnalysisRun;
  let written: OutputSummary;
  before(async () => {
    w = await extractWarehouse();
    dir = mkdtempSync(join(tmpdir(), "analyse-out-"));
    run = await runAnalyses({ only: managementAnalyses(), db: w.db, period: "1997-01" });
    written = await writeAnalysisOutputs(run, join(dir, "1997-01"), { db: w.db });
  });
  after(async () => {
    await w?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("figures.json holds the headline, and each analysis' ranking and commentary", () => {
    const doc = JSON.parse(readFileSync(join(written.dir, "figures.json"), "utf8"));
    assert.equal(doc.period, "1997-01");
    assert.equal(doc.total_sales, run.headline.total_sales);
    assert.equal(doc.orders, 33);
    for (const key of ["customers", "locations", "products", "employees"]) {
      assert.ok(doc[key].ranking.length > 0, key);
      assert.ok(
        doc[key].ranking.every(
          (r: { name: string; sales: number }) => typeof r.name === "string" && typeof r.sales === "number",
        ),
      );
      assert.equal(typeof (doc[key].commentary as { finding: unknown }).finding, "string");
      assert.ok(doc[key].tables.length > 0);
    }
    assert.equal(doc.previous.label, "1996-12");
    assert.equal(typeof doc.change.total_sales, "number");
  });

  test("commentary.md has every analysis under its title", () => {
    const md = readFileSync(join(written.dir, "commentary.md"), "utf8");
    for (const r of run.results) {
      assert.ok(md.includes(`## ${r.title}`), r.title);
      assert.ok(md.includes(commentaryMarkdown(r.commentary).trim().split("\n")[0]));
    }
  });

  test("every chart is written as SVG beside its Vega-Lite spec", () => {
    const files = readdirSync(join(written.dir, "charts"));
    const ids = run.results.flatMap((r) => r.charts.map((c) => c.id));
    assert.equal(written.charts, ids.length);
    for (const id of ids) {
      assert.ok(files.includes(`${id}.svg`) && files.includes(`${id}.vl.json`), id);
      assert.match(
        readFileSync(join(written.dir, "charts", `${id}.svg`), "utf8"),
        /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/,
      );
    }
  });

  test("the query log, the manifest and the Power BI extracts sit beside them", () => {
    const queries = JSON.parse(readFileSync(join(written.dir, "queries.json"), "utf8"));
    assert.ok(
      queries.every((q: { name: string; sql: string; rows: number }) => q.name && q.sql && Number.isInteger(q.rows)),
    );
    const manifest = JSON.parse(readFileSync(join(written.dir, "manifest.json"), "utf8"));
    assert.equal(manifest.database, "duckdb::memory:");
    assert.ok(existsSync(join(written.dir, "powerbi", "fact_sales.csv")));
    assert.ok(manifest.files.includes("powerbi/data-dictionary.md"));
  });

  test("the same run written twice gives the same figures.json", async () => {
    const again = await writeAnalysisOutputs(run, join(dir, "again"), { powerbi: false });
    assert.equal(
      readFileSync(join(again.dir, "figures.json"), "utf8"),
      readFileSync(join(written.dir, "figures.json"), "utf8"),
    );
    assert.ok(!existsSync(join(again.dir, "powerbi")));
  });
});

test("the default folder is named for the period and the filters", () => {
  assert.equal(defaultOutDir("all"), join("reports", "all"));
  assert.equal(
    defaultOutDir("1997-Q1", { country: "Germany", category: "Dairy Products" }),
    join("reports", "1997-q1-germany-dairy-products"),
  );
  assert.equal(
    defaultOutDir("1996-09..1997-01", { country: "Côte d'Ivoire" }),
    join("reports", "1996-09..1997-01-cote-d-ivoire"),
  );
});

test("figures.json keeps the segments as a list covering every customer once, with their words beside it", async () => {
  const w = await extractWarehouse();
  try {
    const run = await runAnalyses({ only: ["segments"], db: w.db, period: "all" });
    const doc = figuresDocument(run) as {
      segments: { name: string; customers: number; sales_share: number; action: unknown }[];
      segments_section: { commentary: Commentary };
    };
    assert.ok(Array.isArray(doc.segments));
    assert.equal(
      doc.segments.reduce((n, s) => n + s.customers, 0),
      91,
    );
    assert.ok(doc.segments.every((s) => typeof s.name === "string" && typeof s.sales_share === "number" && s.action));
    assert.match(commentaryMarkdown(doc.segments_section.commentary), /\S/);
  } finally {
    await w.dispose();
  }
});
