import type { AnalysisResult } from "../analyse/analysis.js";
import type { Commentary } from "../analyse/commentary/commentary.js";
import { parseSpan, periodFromSpan } from "../analyse/period.js";
import { CUSTOMER_SALES, gallery } from "../charts/gallery.js";
import { renderSvg } from "../charts/render.js";
import type { Section } from "../notebook/section.js";
import { reportView, type ReportView, type RunSummary } from "./model.js";
import { emailView, type EmailView } from "./email-pack.js";
import { packPdfView, type PdfInput } from "./pdf-model.js";
import { COLUMNS } from "../analyse/columns.js";

/**
 * A small report for the renderer's own tests: real charts (the chart
 * gallery's), the extract's known headline, made-up commentary. The
 * end-to-end test (report.test.ts) checks the real figures.
 */

const COMMENTARY = (who: string): Commentary => ({
  finding: `${who} leads with **$35,631.21**, 9.2% of sales.`,
  evidence: [],
  recommendation: ["Enrol the Gold tier (Ernst Handel, QUICK-Stop and Save-a-lot Markets) in the loyalty program."],
  caveats: ["Seven months of data; the tiers will move. See <https://example.com/not-linked>."],
});

const KEYS = ["customers", "locations", "products", "employees", "segments", "prediction"];

export async function sampleSections(): Promise<Section[]> {
  const charts = await Promise.all(
    gallery()
      .slice(0, 2)
      .map(async (g) => ({ id: g.id, title: g.id, spec: g.spec, svg: await renderSvg(g.spec) })),
  );
  return KEYS.map((key, i) => ({
    notebook: `0${i + 1}-${key}`,
    key,
    title: key[0].toUpperCase() + key.slice(1),
    commentary: COMMENTARY(key === "customers" ? "Ernst Handel" : "<b>Côte de Blaye</b> & co"),
    charts: i < 2 ? charts : [],
    tables: [
      {
        id: `${key}-top`,
        title: "Top customers",
        columns: [
          COLUMNS.customer,
          { key: "value", label: "Sales", format: "money" },
          COLUMNS.share,
          { key: "growth", label: "Growth", format: "growth" },
        ],
        rows: CUSTOMER_SALES.map((c, j) => ({
          name: c.name,
          value: c.value,
          share: c.value / 386424.23,
          growth: j % 2 ? 0.12 : -0.05,
        })),
        limit: 10,
      },
    ],
  }));
}

export function sampleRun(sections: Section[]): RunSummary {
  const period = periodFromSpan("all", parseSpan("1996-07..1997-02"));
  return {
    period,
    filters: {},
    headline: {
      total_sales: 386424.23,
      orders: 196,
      active_customers: 74,
      units: 12743,
      average_order_value: 386424.23 / 196,
      previous: {
        ...period.previous,
        total_sales: 0,
        orders: 0,
        active_customers: 0,
        units: 0,
        average_order_value: null,
      },
      change: { total_sales: null, orders: null, active_customers: null, average_order_value: null },
      comparable: false,
      comparison_note: "The data starts on 1996-07-04: there is no earlier period to compare with.",
      year_ago: {
        label: "1995-07..1996-02",
        start: "1995-07-01",
        end: "1996-03-01",
        total_sales: 0,
        orders: 0,
        active_customers: 0,
        average_order_value: null,
        comparable: false,
        change: { total_sales: null, orders: null, active_customers: null, average_order_value: null },
      },
      // The extract's months; February 1997 ends on the 12th.
      trend: [
        [27861.9, 22],
        [25485.28, 25],
        [26381.4, 23],
        [37515.73, 26],
        [45600.05, 25],
        [45239.63, 31],
        [61258.07, 33],
        [38483.63, 11],
      ].map(([sales, orders], i) => ({
        month: i < 6 ? `1996-${String(7 + i).padStart(2, "0")}` : `1997-0${i - 5}`,
        sales,
        orders,
        customers: Math.round(orders * 0.9),
        average_order_value: sales / orders,
        complete: i < 7,
        in_period: true,
      })),
      coverage: {
        first_order: "1996-07-04",
        last_order: "1997-02-12",
        partial_months: [{ month: "1997-02", edge: "end", date: "1997-02-12" }],
      },
    },
    results: sections.map((s): AnalysisResult => ({
      key: s.key,
      title: s.title,
      figures: {},
      commentary: s.commentary,
      charts: [],
      tables: [],
    })),
    queries: [
      {
        name: "analyses/overview",
        sql: "SELECT SUM(sales) AS sales\nFROM sales_lines\nWHERE order_date >= $start",
        params: { start: "1996-07-01" },
        rows: 1,
      },
    ],
  };
}

export async function sampleView(): Promise<ReportView> {
  const sections = await sampleSections();
  return reportView({
    run: sampleRun(sections),
    sections,
    generatedAt: new Date("2026-01-05T08:00:00Z"),
    provenance: { data: "0123456789ab", code: "0.1.0 test" },
    database: "duckdb:test",
  });
}

/** What the PDF pack and the e-mail are made of, for the sample. */
async function samplePdfInput(): Promise<PdfInput> {
  const sections = await sampleSections();
  const run = sampleRun(sections);
  const view = reportView({
    run,
    sections,
    generatedAt: new Date("2026-01-05T08:00:00Z"),
    provenance: { data: "0123456789ab", code: "0.1.0 test" },
    database: "duckdb:test",
  });
  return {
    view,
    run,
    sections,
    trend: sections[0].charts[0]?.svg ?? "",
    loadedAt: "2026-01-05T07:59:00.000Z",
    appendixFile: "appendix.pdf",
  };
}

export async function sampleEmailView(): Promise<EmailView> {
  return emailView(packPdfView(await samplePdfInput()), ["sales-report-all.pdf", "sales-report-all-appendix.pdf"]);
}
