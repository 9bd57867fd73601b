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
import { resolveRun, runAnalyses, type AnalysisRun, type RunOptions } from "./index.js";
import { checkOutDir } from "../deliver/out-dir.js";
import { trace, traced } from "../analyse/trace.js";

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
export function commentaryDocument(run: AnalysisRun): string {
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
  await prepareOutDir(outDir, options);
  const { db } = options;
  const extracts =
    db && options.powerbi !== false
      ? () => traced("outputs: Power BI extracts", () => writeRunPowerBi(run, outDir, db, options))
      : null;
  return writeOutputs(run, outDir, options, extracts);
}

/**
 * `runAnalyses` then `writeAnalysisOutputs`, except that on DuckDB the Power
 * BI extracts are written on a second connection while the models fit: the
 * star schema (every order line of the period, and the dimensions) needs the
 * period and filters alone, and the engine's threads write it while
 * segmentation and prediction compute in JavaScript on one core (started
 * beside the SQL-only analyses instead, it only slowed them: at ten million
 * lines the overview took 6.7 s instead of 1.7 s). Only the result tables
 * wait for the run. On a server the extracts follow the run, as before. If
 * the run fails, the extracts stop.
 */
export async function analyseInto(
  runOptions: RunOptions,
  outDir: string,
  options: AnalyseIntoOptions = {},
): Promise<AnalysedInto> {
  const { db } = runOptions;
  const wanted = options.powerbi !== false;
  await prepareOutDir(outDir, options);
  const side =
    wanted && db.dialect === "duckdb" ? await (await import("../db/duckdb.js")).openSideConnection(db) : undefined;
  let run: AnalysisRun;
  let extracts: Promise<PowerBiManifest> | null = null;
  if (!side) {
    run = await runAnalyses(runOptions);
    if (wanted) extracts = traced("outputs: Power BI extracts", () => writeRunPowerBi(run, outDir, db, options));
  } else {
    const { period, filters } = await resolveRun(db, runOptions).catch(async (error: unknown) => {
      await side.close();
      throw error;
    });
    let deliver!: (results: AnalysisResult[]) => void;
    let fail!: (error: unknown) => void;
    const results = new Promise<AnalysisResult[]>((resolve, reject) => ((deliver = resolve), (fail = reject)));
    // A failed run rejects it; the extracts may have stopped before reading it, and the run's error is thrown below.
    results.catch(() => undefined);
    let started: Promise<PowerBiManifest> | undefined;
    const begin = () => {
      if (started) return started;
      const at = performance.now();
      started = writePowerBiExtracts(side, join(outDir, "powerbi"), {
        period,
        filters,
        dataDir: options.dataDir,
        results,
        fiscalYearStart: options.fiscalYearStart,
      }).finally(() => trace("outputs: Power BI extracts (started with the models)", at));
      // Awaited after the run or its failure; until then a rejection is not yet anyone's.
      started.catch(() => undefined);
      return started;
    };
    try {
      run = await runAnalyses({
        ...runOptions,
        onAnalysis: (entry) => {
          runOptions.onAnalysis?.(entry);
          // Its rejection is handled where begin() made it; awaited after the run.
          if (entry.fitsModels) void begin();
        },
      });
    } catch (error) {
      fail(error);
      side.interrupt?.();
      await started?.catch(() => undefined);
      await side.close();
      throw error;
    }
    deliver(run.results);
    extracts = begin().finally(() => side.close());
  }
  // Awaited below or by the caller; a failure meanwhile must not count as unhandled.
  extracts?.catch(() => undefined);
  try {
    const written = await writeOutputs(
      run,
      outDir,
      { ...options, db },
      extracts && !options.extractsLater ? () => extracts! : null,
    );
    return { run, written, extracts };
  } catch (error) {
    // The caller removes the folder: nothing may still be writing into it.
    side?.interrupt?.();
    await extracts?.catch(() => undefined);
    throw error;
  }
}

export interface AnalyseIntoOptions extends Omit<OutputOptions, "db"> {
  /**
   * Return once the other outputs are written, with the Power BI extracts
   * still being written (`extracts`), for a caller with work of its own
   * meanwhile (the report runs its notebooks); they are then not in the
   * folder's manifest.json. By default the outputs include them.
   */
  extractsLater?: boolean;
}

export interface AnalysedInto {
  run: AnalysisRun;
  written: OutputSummary;
  /** The Power BI extracts (already in `written` unless `extractsLater`); null without them. */
  extracts: Promise<PowerBiManifest> | null;
}

/** Only an empty folder or an earlier run's own files are replaced (src/deliver/out-dir.ts). */
async function prepareOutDir(outDir: string, options: Pick<OutputOptions, "dataDir">): Promise<void> {
  const previous = checkOutDir(outDir, { dataDir: options.dataDir });
  await mkdir(outDir, { recursive: true });
  // Charts and extracts from an earlier run would otherwise linger; nothing else is touched.
  for (const file of previous) await rm(join(outDir, file), { force: true });
}

async function writeOutputs(
  run: AnalysisRun,
  outDir: string,
  options: OutputOptions,
  extracts: (() => Promise<PowerBiManifest>) | null,
): Promise<OutputSummary> {
  const files: string[] = [];
  const put = async (name: string, content: string) => {
    await mkdir(join(outDir, name, ".."), { recursive: true });
    await writeFile(join(outDir, name), content);
    files.push(name);
  };
  await put("figures.json", JSON.stringify(figuresDocument(run), null, 2) + "\n");
  await put("commentary.md", commentaryDocument(run));
  await put("queries.json", JSON.stringify(run.queries, null, 2) + "\n");

  let charts = 0;
  const svgs = new Map<string, string>();
  const drawing = performance.now();
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

  let powerbi: PowerBiManifest | null = null;
  if (extracts) {
    powerbi = await extracts();
    files.push(...powerbi.files.map((f) => `powerbi/${f}`));
  }
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
  options: { dataDir?: string; fiscalYearStart?: number } = {},
): Promise<PowerBiManifest> {
  return writePowerBiExtracts(db, join(outDir, "powerbi"), {
    period: run.period,
    filters: run.filters,
    dataDir: options.dataDir,
    results: run.results,
    fiscalYearStart: options.fiscalYearStart,
  });
}
