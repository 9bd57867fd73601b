import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { TopLevelSpec } from "vega-lite";
import type { Database } from "../db/adapter.js";
import { writePowerBiExtracts, type PowerBiManifest } from "../deliver/powerbi.js";
import type { AnalysisResult } from "../analyse/analysis.js";
import { commentaryMarkdown } from "../analyse/commentary/commentary.js";
import { inlineSvg, renderSvg } from "../charts/render.js";
import { describeFilters } from "../analyse/filters.js";
export { defaultOutDir } from "./out-dir.js";
import type { AnalysisRun } from "./index.js";
import { checkOutDir } from "../deliver/out-dir.js";
import { trace, traced, traceStart } from "../trace.js";

/**
 * Writes a run to a folder: figures.json (every figure and table), the
 * commentary as markdown, each chart as SVG beside its Vega-Lite spec, model
 * parameters, the query log, and the Power BI extracts. figures.json holds no
 * timestamps or database names, so the same data gives the same file on every
 * backend; those go to manifest.json.
 */

export interface OutputOptions {
  /** The warehouse the run came from: needed for the Power BI extracts. */
  db?: Database;
  /** Write powerbi/ (default true when `db` is given). */
  powerbi?: boolean;
  /** Where the extracts live (cost-assumptions.json for the assumed margins). */
  dataDir?: string;
  /** Month 1-12 the Power BI date table's fiscal year starts in (default SALES_FISCAL_YEAR_START, else January). */
  fiscalYearStart?: number;
  /** The folder the outputs are renamed to once written, when `outDir` is a hidden one beside it (writeAtomically). */
  finalDir?: string;
}

export interface OutputSummary {
  dir: string;
  files: string[];
  charts: number;
  powerbi: PowerBiManifest | null;
  /** Each chart drawn as inline SVG, by id (the report hands them to the notebooks). */
  svgs: Map<string, string>;
}

/** figures.json: the headline at the top level, then each analysis under its key. */
export function figuresDocument(run: AnalysisRun): Record<string, unknown> {
  const doc: Record<string, unknown> = {
    period: run.period.label,
    range: { start: run.period.start, end: run.period.end, months: run.period.months },
    filters: run.filters,
    total_sales: run.headline.total_sales,
    orders: run.headline.orders,
    active_customers: run.headline.active_customers,
    units: run.headline.units,
    average_order_value: run.headline.average_order_value,
    previous: run.headline.previous,
    change: run.headline.change,
    comparable: run.headline.comparable,
    comparison_note: run.headline.comparison_note,
  };
  for (const r of run.results) Object.assign(doc, figuresEntries(r));
  return doc;
}

/**
 * One analysis' keys in figures.json. Figures that are a list (the segments)
 * stay a list, as the API promises; their words and tables then sit beside
 * them under `<key>_section`.
 */
export function figuresEntries(
  r: Pick<AnalysisResult, "key" | "title" | "figures" | "commentary" | "tables" | "extraFigures">,
): Record<string, unknown> {
  const words = { title: r.title, commentary: r.commentary, tables: r.tables };
  const own = Array.isArray(r.figures)
    ? { [r.key]: r.figures, [`${r.key}_section`]: words }
    : { [r.key]: { title: r.title, ...(r.figures as object), commentary: r.commentary, tables: r.tables } };
  return { ...own, ...(r.extraFigures ?? {}) };
}

/** commentary.md: every analysis' commentary under its title, readable on its own. */
function commentaryDocument(run: AnalysisRun): string {
  const scope = describeFilters(run.filters);
  const head =
    `# Sales analysis: ${run.period.label}${scope ? ` (${scope})` : ""}\n\n` +
    `Period ${run.period.start} to ${run.period.end} (end exclusive). Every number below is computed from the warehouse; the tables in figures.json hold them all.\n`;
  return [head, ...run.results.map((r) => commentarySection(r))].join("\n");
}

/** One analysis in commentary.md: its title, then its commentary as Markdown. */
export function commentarySection(r: Pick<AnalysisResult, "title" | "commentary">): string {
  return `## ${r.title}\n\n${commentaryMarkdown(r.commentary).trim()}\n`;
}

export async function writeAnalysisOutputs(
  run: AnalysisRun,
  outDir: string,
  options: OutputOptions = {},
): Promise<OutputSummary> {
  // Only an empty folder or an earlier run's own files are replaced (src/render/out-dir.ts).
  const previous = checkOutDir(outDir, { dataDir: options.dataDir });
  await mkdir(outDir, { recursive: true });
  // Charts and extracts from an earlier run would otherwise linger; nothing else is touched.
  for (const file of previous) await rm(join(outDir, file), { force: true });
  const files: string[] = [];
  const put = async (name: string, content: string) => {
    await mkdir(join(outDir, name, ".."), { recursive: true });
    await writeFile(join(outDir, name), content);
    files.push(name);
  };
  await put("figures.json", JSON.stringify(figuresDocument(run), null, 2) + "\n");
  await put("commentary.md", commentaryDocument(run));
  await put("queries.json", JSON.stringify(run.queries, null, 2) + "\n");

  // The Power BI extracts start first and are written while the charts are drawn: drawing is JavaScript on this
  // thread alone, the star schema the engine's work on its own threads (ten million order lines: the writing took
  // 3.52 s instead of 3.68 s, medians of six pairs; the extracts' own JavaScript shares this thread with the charts).
  const db = options.powerbi !== false ? options.db : undefined;
  const extracts = db
    ? traced("outputs: Power BI extracts", () =>
        writeRunPowerBi(run, outDir, db, {
          dataDir: options.dataDir,
          fiscalYearStart: options.fiscalYearStart,
          finalDir: options.finalDir,
        }),
      )
    : undefined;
  // Awaited below; a failure meanwhile is not an unhandled rejection.
  extracts?.catch(() => undefined);
  let charts = 0;
  const svgs = new Map<string, string>();
  try {
    const drawing = traceStart();
    for (const r of run.results)
      for (const chart of r.charts) {
        const svg = await renderSvg(chart.spec as TopLevelSpec, { standalone: true });
        await put(`charts/${chart.id}.vl.json`, JSON.stringify(chart.spec, null, 2) + "\n");
        await put(`charts/${chart.id}.svg`, svg);
        svgs.set(chart.id, inlineSvg(svg));
        charts++;
      }
    for (const r of run.results)
      for (const [name, model] of Object.entries(r.models ?? {}))
        await put(`models/${name}.json`, JSON.stringify(model, null, 2) + "\n");
    trace(`outputs: ${charts} charts and the models`, drawing);
  } catch (error) {
    // Never left writing into a folder the caller is about to remove.
    await extracts?.catch(() => undefined);
    throw error;
  }
  const powerbi: PowerBiManifest | null = extracts ? await extracts : null;
  if (powerbi) files.push(...powerbi.files.map((f) => `powerbi/${f}`));
  await put(
    "manifest.json",
    JSON.stringify(
      {
        period: run.period.label,
        filters: run.filters,
        database: options.db?.label ?? null,
        generated_at: new Date().toISOString(),
        analysis_seconds: Math.round(run.seconds * 1000) / 1000,
        analyses: run.results.map((r) => r.key),
        files: [...files, "manifest.json"],
      },
      null,
      2,
    ) + "\n",
  );
  return { dir: outDir, files, charts, powerbi, svgs };
}

/**
 * The run's Power BI extracts, in `<outDir>/powerbi/`. On its own so the
 * report can write them while its notebooks run (src/render/report.ts).
 */
export function writeRunPowerBi(
  run: AnalysisRun,
  outDir: string,
  db: Database,
  options: { dataDir?: string; fiscalYearStart?: number; finalDir?: string } = {},
): Promise<PowerBiManifest> {
  return writePowerBiExtracts(db, join(outDir, "powerbi"), {
    period: run.period,
    filters: run.filters,
    dataDir: options.dataDir,
    results: run.results,
    fiscalYearStart: options.fiscalYearStart,
    ...(options.finalDir === undefined ? {} : { readFrom: join(options.finalDir, "powerbi") }),
  });
}
