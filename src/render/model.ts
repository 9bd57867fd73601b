import type { Filters } from "../analyse/analysis.js";
import { describeFilters } from "../analyse/filters.js";
import { count, growth, money } from "../analyse/format.js";
import type { AnalysisRun, Headline } from "../run/index.js";
import { lastDay } from "../analyse/period.js";
import { slug } from "../charts/render.js";
import type { Section } from "../notebook/section.js";
import { commentaryView, type CommentaryView } from "./commentary.js";
import { queryViews, type QueryView } from "./queries.js";
import { caveats, decisions, type Commentated, type Decision } from "./summary.js";
import { renderTable, type RenderedTable } from "./tables.js";
import { MONTH_NAMES } from "../dates.js";

/**
 * What the templates print, computed once from the analysis run and the
 * notebooks' sections: every number is already formatted here, so the report,
 * the e-mail and the index page cannot disagree, and templates hold no logic.
 */

/** The part of an analysis run the report reads. */
export type RunSummary = Pick<AnalysisRun, "period" | "filters" | "headline" | "results" | "queries">;

export interface Kpi {
  label: string;
  value: string;
  change: string;
  /** CSS hook: up, down, flat, none (nothing to compare with). */
  tone: "up" | "down" | "flat" | "none";
  arrow: string;
}

interface ChartView {
  id: string;
  title: string;
  /** Inline SVG markup (no namespace URLs). */
  svg: string;
  /** Content-ID of the PNG in the e-mail; also the chart's key in the interactive report. */
  cid: string;
  /** The Vega-Lite spec the SVG was drawn from, which the interactive report draws live. */
  spec: object;
}

interface SectionView {
  id: string;
  number: number;
  key: string;
  title: string;
  notebook: string;
  commentary: CommentaryView;
  charts: ChartView[];
  tables: RenderedTable[];
  /** Tables left out of this view (the e-mail digest); 0 in the report. */
  moreTables: number;
}

interface TocEntry {
  id: string;
  label: string;
  number: number | null;
  /** Page in the PDF, once known (second pass). */
  page: number | null;
}

export interface ReportView {
  title: string;
  period: {
    label: string;
    range: string;
    previous: string;
    /** What the figures are compared with, or that a whole history has nothing before it. */
    scope: string;
    comparable: boolean;
    filters: string;
    note: string;
  };
  generated: string;
  kpis: Kpi[];
  /** The overview's first chart (the monthly trend), shown on the cover under the tiles. */
  coverChart: ChartView | null;
  decisions: Decision[];
  sections: SectionView[];
  queries: QueryView[];
  /** Sections whose queries the notebook did not hand over (they are in its executed copy). */
  unlisted: string[];
  toc: TocEntry[];
  provenance: { data: string; code: string };
  method: { database: string; caveats: { title: string; html: string }[] };
}

export interface ViewInput {
  run: RunSummary;
  sections: Section[];
  generatedAt: Date;
  provenance: { data: string; code: string };
  /** The warehouse, as its label (password masked). */
  database: string;
  title?: string;
}

export function reportView({
  run,
  sections,
  generatedAt,
  provenance,
  database,
  title = "Sales performance report",
}: ViewInput): ReportView {
  const sectionViews = sections.map(sectionView);
  // What the report argues from: the analyses, then what only a notebook computed (segments, prediction, quality).
  const resultKeys = new Set(run.results.map((r) => r.key));
  const analyses: Commentated[] = [...run.results, ...sections.filter((s) => !resultKeys.has(s.key))];
  const toc: TocEntry[] = [
    { id: "summary", label: "Executive summary", number: null, page: null },
    ...sectionViews.map((s) => ({ id: s.id, label: s.title, number: s.number, page: null })),
    { id: "queries", label: "Appendix: the queries behind the figures", number: null, page: null },
    { id: "methodology", label: "Methodology and caveats", number: null, page: null },
  ];
  return {
    title,
    period: {
      label: run.period.label,
      range: dateRange(run.period.start, lastDay(run.period)),
      previous: dateRange(run.period.previous.start, lastDay(run.period.previous)),
      scope:
        run.period.label === "all"
          ? "All orders on record"
          : `Compared with ${dateRange(run.period.previous.start, lastDay(run.period.previous))}`,
      comparable: run.headline.comparable,
      filters: filtersNote(run.filters),
      note: run.headline.comparison_note ?? "",
    },
    generated: generatedAt.toISOString().slice(0, 16).replace("T", " ") + " UTC",
    kpis: kpis(run.headline),
    coverChart:
      sectionViews.find((s) => s.key === "overview")?.charts[0] ??
      sectionViews.flatMap((s) => s.charts).find((c) => /monthly|trend/.test(c.id)) ??
      null,
    decisions: decisions(analyses),
    sections: sectionViews,
    queries: queryViews(run, sections),
    unlisted: sectionViews
      .filter((s, i) => !sections[i].queries?.length && !resultKeys.has(s.key))
      .map((s) => `${s.title} (notebook ${s.notebook})`),
    toc,
    provenance,
    method: { database, caveats: caveats(analyses) },
  };
}

export function kpis(h: Headline): Kpi[] {
  const tile = (label: string, value: string, rate: number | null): Kpi => {
    const none = rate === null || !Number.isFinite(rate);
    // Without a comparable earlier period the cover says so once, not on every tile.
    const tone = none ? "none" : rate > 0.0005 ? "up" : rate < -0.0005 ? "down" : "flat";
    return {
      label,
      value,
      change: none ? (h.comparable ? "no earlier sales" : "") : growth(rate),
      tone,
      arrow: tone === "up" ? "▲" : tone === "down" ? "▼" : tone === "flat" ? "■" : "",
    };
  };
  return [
    tile("Sales", money(h.total_sales), h.change.total_sales),
    tile("Orders", count(h.orders), h.change.orders),
    tile("Customers who ordered", count(h.active_customers), h.change.active_customers),
    tile(
      "Average order value",
      h.average_order_value === null ? "n/a" : money(h.average_order_value),
      h.change.average_order_value,
    ),
  ];
}

function sectionView(section: Section, index: number): SectionView {
  const id = `section-${slug(section.key || section.notebook)}`;
  return {
    id,
    number: index + 1,
    key: section.key,
    title: section.title,
    notebook: section.notebook,
    commentary: commentaryView(section.commentary),
    // Content-IDs must be unique in a message; chart ids need only be unique in a notebook.
    charts: section.charts.map((c) => ({
      id: c.id,
      title: c.title,
      svg: c.svg,
      cid: `${index + 1}-${slug(c.id)}@report`,
      spec: c.spec,
    })),
    tables: section.tables.map(renderTable),
    moreTables: 0,
  };
}

function filtersNote(filters: Filters): string {
  const scope = describeFilters(filters);
  return scope ? `Filtered to ${scope}` : "";
}

/** "4 July 1996 – 12 February 1997"; whole months read as "July 1996 – February 1997". */
export function dateRange(start: string, last: string): string {
  const [y1, m1, d1] = start.split("-").map(Number);
  const [y2, m2, d2] = last.split("-").map(Number);
  const endOfMonth = new Date(Date.UTC(y2, m2, 0)).getUTCDate() === d2;
  if (d1 === 1 && endOfMonth) {
    const a = `${MONTH_NAMES[m1 - 1]} ${y1}`;
    const b = `${MONTH_NAMES[m2 - 1]} ${y2}`;
    return a === b ? a : `${a} – ${b}`;
  }
  return `${d1} ${MONTH_NAMES[m1 - 1]} ${y1} – ${d2} ${MONTH_NAMES[m2 - 1]} ${y2}`;
}

/** `1996-07..1997-02` → `1996-07_1997-02`: a folder or file name that reads as the period. */
export function folderName(period: string): string {
  return period.replace(/\.\./g, "_").replace(/[^A-Za-z0-9_-]+/g, "-");
}
