import type { Table } from "../analyse/analysis.js";
import { count, growth, money, moneyCompact, percent, plural } from "../analyse/format.js";
import { addDays, MONTH_NAMES } from "../dates.js";
import type { Section } from "../notebook/section.js";
import type { KeyFigure } from "../run/key-figures.js";
import { analyses } from "../run/registry.js";
import { tooShortFor } from "../run/sufficiency.js";
import { commentaryView, listHtml, type CommentaryView } from "./commentary.js";
import { inlineMarkdown } from "./markdown.js";
import { dateRange, type ReportView, type RunSummary } from "./model.js";
import type { QueryView } from "./queries.js";
import { sparkline, type SparkPoint } from "./sparkline.js";
import { renderTable, type RenderedTable } from "./tables.js";

/**
 * What the PDF pack prints, as management reads it: a dashboard page, a page
 * stating the six decisions, then two pages per decision holding the top of
 * each list; everything whole (tables, commentary, queries, methodology) goes
 * to the appendix, a second PDF. Built from the report's view, the run's
 * headline and the notebooks' sections: every figure was computed by the
 * analyses (src/analyses, src/run), and is only formatted here, in the pack's
 * locale and currency. The page budget is fixed by construction (lists cut to
 * their top, commentary to its first points), so the pack is 14 pages
 * whatever the period or the size of the data.
 */

/** Rows of each table on a decision's pages; the appendix has the rest. */
const PDF_TABLE_ROWS = 8;
/** Tables per decision. */
const PDF_TABLES = 2;
/** Columns of a table on a decision's pages (the first ones: names and the main figures); the appendix has all. */
const PDF_COLUMNS = 7;
/** Rows of a table in the appendix; longer lists are whole in figures.json and the Power BI extracts. */
const APPENDIX_ROWS = 200;
/** About how much of each commentary list a decision's pages quote (its first points; the appendix has all). */
const BUDGET = { recommendation: 820, evidence: 600, caveats: 460 } as const;

export interface ChangeView {
  label: string;
  text: string;
  tone: "up" | "down" | "flat" | "none";
  arrow: string;
}

interface TileView {
  label: string;
  /** Compact: $1.72B. */
  value: string;
  /** Exact: $1,715,902,527.51. */
  exact: string;
  changes: ChangeView[];
  spark: string;
}

export interface Fact {
  label: string;
  value: string;
}

interface DashboardView {
  range: string;
  /** "All orders on record" or the period's own name, and the filters. */
  scope: string;
  tiles: TileView[];
  /** Why a change is missing, said once for every tile; "" when every change is shown. */
  changeNote: string;
  /** The monthly trend (the overview's chart), inline SVG. */
  trend: string;
  facts: Fact[];
}

interface DecisionCard {
  id: string;
  number: number;
  ask: string;
  keyValue: string;
  keyLabel: string;
  /** Inline HTML. */
  finding: string;
  chart: string;
  chartTitle: string;
  /** The period is too short for this decision: the card says so. */
  tooShort: boolean;
  page: number | null;
}

interface ChartBox {
  title: string;
  svg: string;
}

interface ChapterView {
  id: string;
  number: number;
  ask: string;
  title: string;
  keyValue: string;
  keyLabel: string;
  finding: string;
  recommendation: string;
  evidence: string;
  caveats: string;
  /** "3 more points in the appendix" when a list was cut. */
  more: string;
  lead: ChartBox | null;
  second: ChartBox | null;
  tables: (RenderedTable & { appendix: string })[];
  tooShort: boolean;
}

export interface PackPdfView {
  title: string;
  footer: string;
  dashboard: DashboardView;
  decisions: DecisionCard[];
  chapters: ChapterView[];
  appendixFile: string;
}

interface AppendixSection {
  id: string;
  ref: string;
  title: string;
  commentary: CommentaryView;
  charts: ChartBox[];
  tables: (RenderedTable & { ref: string })[];
}

export interface QueryGroup {
  number: number;
  name: string;
  usedBy: string;
  rows: string;
  /** One line per parameter set the query ran with. */
  runs: string[];
  sql: string;
  long: boolean;
}

export interface AppendixPdfView {
  title: string;
  footer: string;
  range: string;
  generated: string;
  sections: AppendixSection[];
  queries: QueryGroup[];
  unlisted: string[];
  /** For the shared methodology partial. */
  period: ReportView["period"];
  provenance: ReportView["provenance"];
  method: ReportView["method"];
}

export interface PdfInput {
  view: ReportView;
  run: RunSummary;
  /** The notebooks' sections (and those the run drew), with their tables whole. */
  sections: readonly Section[];
  /** The overview's monthly trend, drawn as inline SVG. */
  trend: string;
  /** When the warehouse was loaded (ISO), if it recorded it. */
  loadedAt: string | null;
  appendixFile: string;
}

export function packPdfView(input: PdfInput): PackPdfView {
  const { view } = input;
  const chapters = chapterViews(input);
  return {
    title: view.title,
    footer: `${view.title} · ${view.period.range}`,
    dashboard: dashboardView(input),
    decisions: chapters.map((c) => ({
      id: `decision-${c.number}`,
      number: c.number,
      ask: c.ask,
      keyValue: c.keyValue,
      keyLabel: c.keyLabel,
      finding: c.finding,
      chart: c.lead?.svg ?? "",
      chartTitle: c.lead?.title ?? "",
      tooShort: c.tooShort,
      page: null,
    })),
    chapters,
    appendixFile: input.appendixFile,
  };
}

function dashboardView({ view, run, trend, loadedAt }: PdfInput): DashboardView {
  const h = run.headline;
  const series = (pick: (m: (typeof h.trend)[number]) => number | null): string =>
    sparkline(h.trend.map((m): SparkPoint => ({ value: pick(m), current: m.in_period, partial: !m.complete })));
  const yearAgo = h.year_ago;
  const changes = (previous: number | null, ago: number | null): ChangeView[] => [
    change("vs previous period", previous, h.comparable),
    change("vs a year before", ago, yearAgo.comparable),
  ];
  const tiles: TileView[] = [
    {
      label: "Sales",
      value: moneyCompact(h.total_sales),
      exact: money(h.total_sales),
      changes: changes(h.change.total_sales, yearAgo.change.total_sales),
      spark: series((m) => m.sales),
    },
    {
      label: "Orders",
      value: count(h.orders),
      exact: plural(h.units, "unit"),
      changes: changes(h.change.orders, yearAgo.change.orders),
      spark: series((m) => m.orders),
    },
    {
      label: "Customers who ordered",
      value: count(h.active_customers),
      exact: "",
      changes: changes(h.change.active_customers, yearAgo.change.active_customers),
      spark: series((m) => m.customers),
    },
    {
      label: "Average order value",
      value: h.average_order_value === null ? "n/a" : moneyCompact(h.average_order_value),
      exact: h.average_order_value === null ? "" : money(h.average_order_value),
      changes: changes(h.change.average_order_value, yearAgo.change.average_order_value),
      spark: series((m) => m.average_order_value),
    },
  ];
  const first = h.coverage.first_order;
  const last = h.coverage.last_order;
  const partial = h.coverage.partial_months.map(
    (p) =>
      `${dateRange(`${p.month}-01`, lastOfMonth(p.month))} is partial: the data ${p.edge === "end" ? "ends" : "starts"} on ${longDate(p.date)}, so it is drawn hollow, not as a ${p.edge === "end" ? "fall" : "rise"}.`,
  );
  const notes = [
    h.comparable
      ? `Changes against the previous period (${view.period.previous}) and the same months a year before (${dateRange(yearAgo.start, dayBefore(yearAgo.end))}).`
      : "",
    !h.comparable && h.comparison_note ? h.comparison_note : "",
    h.comparable && !yearAgo.comparable
      ? `No year-on-year change: the data does not cover ${dateRange(yearAgo.start, dayBefore(yearAgo.end))} in full.`
      : "",
    ...partial,
  ].filter(Boolean);
  const facts: Fact[] = [
    { label: "Data", value: `orders from ${longDate(first)} to ${longDate(last)}` },
    { label: "Loaded", value: loadedAt ? stamp(loadedAt) : "not recorded by the warehouse" },
    { label: "Generated", value: view.generated },
    { label: "Source", value: `${view.method.database} · data ${view.provenance.data} · code ${view.provenance.code}` },
  ];
  return {
    range: view.period.range,
    scope: [
      run.period.label === "all" ? "All orders on record" : `Compared with ${view.period.previous}`,
      view.period.filters,
    ]
      .filter(Boolean)
      .join(" · "),
    tiles,
    changeNote: notes.join(" "),
    trend,
    facts,
  };
}

function change(label: string, rate: number | null, comparable: boolean): ChangeView {
  if (!comparable || rate === null || !Number.isFinite(rate)) return { label, text: "—", tone: "none", arrow: "" };
  const tone = rate > 0.0005 ? "up" : rate < -0.0005 ? "down" : "flat";
  return { label, text: growth(rate), tone, arrow: tone === "up" ? "▲" : tone === "down" ? "▼" : "■" };
}

function chapterViews({ run, sections }: PdfInput): ChapterView[] {
  const chapters: ChapterView[] = [];
  for (const entry of analyses()) {
    if (entry.question === null) continue;
    const section = sections.find((s) => s.key === entry.key);
    const result = run.results.find((r) => r.key === entry.key);
    if (!section && !result) continue;
    const commentary = (result ?? section)!.commentary;
    const figures = result?.figures ?? section?.figures;
    const key = keyFigureOf(entry.keyFigure, figures);
    const charts = (section?.charts ?? []).filter((c) => c.svg);
    const number = chapters.length + 1;
    const rec = cut(commentary.recommendation, BUDGET.recommendation);
    const evi = cut(commentary.evidence, BUDGET.evidence);
    const cav = cut(commentary.caveats, BUDGET.caveats);
    const left = rec.left + evi.left + cav.left;
    const inAppendix = sections.findIndex((s) => s.key === entry.key) + 1;
    chapters.push({
      id: `chapter-${entry.key}`,
      number,
      ask: entry.question,
      title: section?.title ?? entry.title,
      keyValue: key ? keyValue(key) : "",
      keyLabel: key?.label ?? "",
      finding: commentary.finding ? inlineMarkdown(commentary.finding) : "",
      recommendation: rec.html,
      evidence: evi.html,
      caveats: cav.html,
      more: left ? `${plural(left, "more point")} in the appendix${inAppendix ? ` (§ ${inAppendix})` : ""}.` : "",
      lead: charts[0] ? { title: charts[0].title, svg: charts[0].svg } : null,
      second: charts[1] ? { title: charts[1].title, svg: charts[1].svg } : null,
      tables: (section?.tables ?? [])
        .filter((t) => !/-summary$/.test(t.id) && t.rows.length > 0)
        .slice(0, PDF_TABLES)
        .map((t) => ({
          ...renderTable({ ...t, columns: t.columns.slice(0, PDF_COLUMNS), limit: PDF_TABLE_ROWS }),
          appendix: appendixRef(t),
        })),
      tooShort: tooShortFor(entry, run.period),
    });
  }
  return chapters;
}

/**
 * The registry types each entry's figures; here they arrive as the run stored
 * them. Figures without the fields (a fixture, a results file of an older
 * version) show no key number rather than failing the pack.
 */
function keyFigureOf(read: ((f: never) => KeyFigure | null) | undefined, figures: unknown): KeyFigure | null {
  if (!read || figures === undefined || figures === null) return null;
  try {
    return (read as (f: unknown) => KeyFigure | null)(figures);
  } catch {
    return null;
  }
}

function keyValue(k: KeyFigure): string {
  return k.unit === "money" ? moneyCompact(k.value) : k.unit === "percent" ? percent(k.value) : count(k.value);
}

/** The first points of a list that fit in about `chars` (at least one), as HTML, and how many were left out. */
function cut(items: readonly string[], chars: number): { html: string; left: number } {
  if (!items.length) return { html: "", left: 0 };
  let used = items[0].length;
  let n = 1;
  while (n < items.length && used + items[n].length <= chars) used += items[n++].length;
  return { html: listHtml(items.slice(0, n)), left: items.length - n };
}

const appendixRef = (t: Pick<Table, "id">) => `table-${t.id}`;

/** The appendix: each section whole (commentary, tables to APPENDIX_ROWS rows), each query once, the methodology. */
export function appendixPdfView({ view, sections }: PdfInput): AppendixPdfView {
  return {
    title: `${view.title}: appendix`,
    footer: `${view.title} · appendix · ${view.period.range}`,
    range: view.period.range,
    generated: view.generated,
    sections: sections.map((s, i) => ({
      id: view.sections[i]?.id ?? `section-${s.key}`,
      ref: `§ ${i + 1}`,
      title: s.title,
      commentary: commentaryView(s.commentary),
      // Charts of the analyses that are no decision (quality, exploration) are shown only here.
      charts: analyses().find((a) => a.key === s.key)?.question
        ? []
        : s.charts.map((c) => ({ title: c.title, svg: c.svg })),
      tables: s.tables.map((t) => ({
        ...renderTable({ ...t, limit: Math.min(t.limit ?? APPENDIX_ROWS, APPENDIX_ROWS) }),
        ref: appendixRef(t),
      })),
    })),
    queries: queryGroups(view.queries),
    unlisted: view.unlisted,
    period: view.period,
    provenance: view.provenance,
    method: view.method,
  };
}

/** Each query once: the same SQL run with other parameters (a backtest's windows) is one entry listing its runs. */
export function queryGroups(queries: readonly QueryView[]): QueryGroup[] {
  const groups = new Map<string, QueryGroup>();
  for (const q of queries) {
    const key = `${q.name}\0${q.sql}`;
    const g = groups.get(key);
    const run = [q.params, q.rows].filter(Boolean).join(" → ");
    if (g) {
      if (!g.runs.includes(run)) g.runs.push(run);
      for (const u of q.usedBy.split(", ")) if (!g.usedBy.split(", ").includes(u)) g.usedBy += `, ${u}`;
      continue;
    }
    groups.set(key, {
      number: groups.size + 1,
      name: q.name,
      usedBy: q.usedBy,
      rows: q.rows,
      runs: [run],
      sql: q.sql,
      long: q.long,
    });
  }
  return [...groups.values()];
}

/** `1997-02-12` → `12 February 1997`. */
function longDate(iso: string): string {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return `${d} ${MONTH_NAMES[m - 1]} ${y}`;
}

function lastOfMonth(month: string): string {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const dayBefore = (iso: string): string => addDays(iso, -1);

/** `2026-12-03T07:30:12.345Z` → `2026-12-03 07:30 UTC`. */
function stamp(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}
