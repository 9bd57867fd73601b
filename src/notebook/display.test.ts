import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { afterEach, beforeEach, test } from "node:test";
import type { AnalysisResult, Table } from "../analyse/analysis.js";
import { showChart } from "./chart.js";
import { display, showMarkdown, type MimeBundle } from "./display.js";
import { SECTION_MIME, type Section } from "./section.js";
import { showSection } from "./show-section.js";
import { showTable, tableHtml, tableText } from "./table.js";

// The kernel's display hook, as tslab sets it while a cell runs.
const jupyter = createRequire(import.meta.url)("tslab/dist/jupyter") as {
  lastWriteDisplayData: ((d: { data: MimeBundle }, update: boolean) => void) | null;
};
let shown: MimeBundle[];
beforeEach(() => {
  shown = [];
  jupyter.lastWriteDisplayData = (d) => shown.push(d.data);
});
afterEach(() => {
  jupyter.lastWriteDisplayData = null;
});

const table: Table = {
  id: "t",
  title: "Top <customers>",
  limit: 2,
  columns: [
    { key: "name", label: "Customer", format: "text" },
    { key: "sales", label: "Sales", format: "money" },
    { key: "share", label: "Share", format: "percent" },
  ],
  rows: [
    { name: "Ernst Handel", sales: 35631.21, share: 0.0922 },
    { name: "Mère Paillarde", sales: 23362.6, share: 0.0605 },
    { name: "Save-a-lot Markets", sales: 21965.19, share: 0.0568 },
  ],
};

test("a table shows as HTML and aligned text, formatted as the report formats it, up to its limit", () => {
  showTable(table);
  assert.equal(shown.length, 1);
  const html = shown[0]["text/html"] as string;
  assert.match(html, /<caption[^>]*>Top &lt;customers&gt;<\/caption>/);
  assert.match(html, /<td style="text-align:right">\$35,631\.21<\/td><td style="text-align:right">9\.2%<\/td>/);
  assert.doesNotMatch(html, /Save-a-lot/);
  assert.match(html, /1 more row not shown \(3 in all\)/);
  assert.equal(
    shown[0]["text/plain"],
    [
      "Top <customers>",
      "Customer             Sales  Share",
      "Ernst Handel    $35,631.21   9.2%",
      "Mère Paillarde  $23,362.60   6.1%",
      "(1 more rows not shown)",
    ].join("\n"),
  );
  assert.match(tableHtml(table, { all: true }), /Save-a-lot Markets/);
  assert.doesNotMatch(tableText(table, { all: true }), /not shown/);
});

test("a chart is one output with Vega-Lite 5 (with $schema), a stand-alone SVG and its title as text", async () => {
  const spec = {
    data: { values: [{ a: "x", b: 1 }] },
    mark: "bar",
    encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } },
  };
  await showChart({ id: "c", title: "A chart", spec });
  assert.deepEqual(Object.keys(shown[0]), ["application/vnd.vegalite.v5+json", "image/svg+xml", "text/plain"]);
  assert.deepEqual(shown[0]["application/vnd.vegalite.v5+json"], {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    ...spec,
  });
  assert.match(shown[0]["image/svg+xml"] as string, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  assert.equal(shown[0]["text/plain"], "[chart] A chart");
});

test("a section shows its commentary and hands the report the whole result, through JSON", async () => {
  const result: AnalysisResult = {
    key: "customers",
    title: "Customers",
    figures: { total_sales: 386424.23, missing: undefined },
    commentary: { finding: "Ernst Handel leads.", evidence: [], recommendation: [], caveats: [] },
    charts: [
      {
        id: "c",
        title: "A chart",
        spec: { data: { values: [{ b: 1 }] }, mark: "point", encoding: { y: { field: "b", type: "quantitative" } } },
      },
    ],
    tables: [table],
  };
  await showSection(result, {
    show: "commentary",
    queries: [{ name: "analyses/customers", sql: "SELECT 1", params: {}, rows: 1 }],
  });
  assert.deepEqual(
    shown.map((b) => Object.keys(b)),
    [
      ["text/markdown", "text/plain"],
      [SECTION_MIME, "text/plain"],
    ],
  );
  assert.equal(shown[0]["text/markdown"], "## Customers\n\n**Finding.** Ernst Handel leads.\n");
  const section = shown[1][SECTION_MIME] as Section;
  assert.deepEqual(section.figures, { total_sales: 386424.23 });
  assert.equal(section.notebook, "", "the runner names the notebook");
  assert.match(section.charts[0].svg, /^<svg(?![^>]*xmlns)/, "inline SVG for the report: no namespace URL");
  assert.equal(section.queries![0].name, "analyses/customers");
  assert.equal(shown[1]["text/plain"], 'Section "customers" for the report: 1 chart, 1 table.');

  shown = [];
  await showSection(result);
  assert.equal(shown.length, 4, "commentary, chart, table and section");
});

test("outside a notebook, displays print their text instead", () => {
  jupyter.lastWriteDisplayData = null;
  const printed: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((s: string) => printed.push(s) > 0) as typeof process.stdout.write;
  try {
    showMarkdown("# Hello");
    display({ "image/png": "..." });
  } finally {
    process.stdout.write = write;
  }
  assert.deepEqual(printed, ["# Hello\n"]);
});
