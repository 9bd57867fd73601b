import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Filters } from "../analyse/analysis.js";
import { describeStep, runAnalyses, type AnalysisRun } from "../run/index.js";
import { defaultOutDir, writeAnalysisOutputs, writeRunPowerBi } from "../run/outputs.js";
import { analyses } from "../run/registry.js";
import { readRunResults, writeRunResults } from "../run/results.js";
import { sectionOf } from "../notebook/show-section.js";
import { splitPeriod, type Period } from "../analyse/period.js";
import { renderSvg } from "../charts/render.js";
import { connect, limitMemory, resolveDbUrl } from "../db/connect.js";
import { duckdbFile, parseDbUrl } from "../db/url.js";
import { HOLDER_WAIT_MS, loadingInto, waitingWords } from "../db/fresh-file.js";
import { displayPath } from "../display-path.js";
import type { Section } from "../notebook/section.js";
import { checkOutDir, refuseProtected } from "../deliver/out-dir.js";
import { ensureDist } from "./build.js";
import { attachmentNames, drawEmailCharts, emailView, writeEmailMessage } from "./email-pack.js";
import { appendixPdfHtml, indexHtml, packPdfHtml, reportHtml, type IndexEntry } from "./html.js";
import { interactive } from "./interactive.js";
import { codeVersion, describeCode, listFiles, type Manifest } from "./manifest.js";
import { reportView, type ReportView } from "./model.js";
import { writeAtomically } from "./pack.js";
import { Printer } from "./pdf.js";
import { dashboardTrend } from "./dashboard-trend.js";
import { appendixPdfView, packPdfView, type PdfInput } from "./pdf-model.js";
import { addSectionFigures } from "./section-figures.js";
import { Stopwatch, type StageEvent, type StageTimes } from "./stages.js";
import { NotebookKernel } from "./kernel.js";
import { listNotebooks, runNotebooks, writeNotebook, type ExecutedNotebook } from "./notebooks.js";
import { ensureWarehouse, inspectWarehouse, type WarehouseOptions, type WarehouseState } from "./warehouse.js";

/**
 * The report pipeline: warehouse → build → analyse → notebooks → charts →
 * html → pdf, each stage timed. The figures come from the analyses
 * (figures.json, the cover) and the notebooks (the sections), never from
 * here. A pack is written into a hidden folder and renamed into place only
 * when every stage succeeded (pack.ts), so a failed cell leaves no pack that
 * looks complete and the previous one untouched.
 */

/** The notebooks the package ships, for a report run outside a checkout (the API, the e-mail, an installed package). */
const PACKAGE_NOTEBOOKS = fileURLToPath(new URL("../../notebooks/", import.meta.url));

export type Format = "html" | "pdf";
export const FORMATS: readonly Format[] = ["html", "pdf"];

export interface ReportOptions {
  /** all, 1997, 1997-Q1, 1997-01 or a range 1996-09..1997-01. Default all. */
  period?: string;
  /** Split the range into one pack per month or quarter, plus an index page. */
  every?: "month" | "quarter";
  filters?: Filters;
  /** Warehouse URL; default SALES_DB, else the embedded DuckDB. */
  db?: string;
  /**
   * The extracts; default data/. Given, the embedded warehouse is loaded from
   * them unless it already holds those same files; by default, a warehouse
   * loaded from another folder is used as it is (src/render/warehouse.ts).
   */
  dataDir?: string;
  /** Load the embedded warehouse from the data folder whatever it holds. */
  reload?: boolean;
  /** Never load the warehouse: check it and use it as it is, reading only cost assumptions from the data folder. */
  warehouseAsIs?: boolean;
  /** What the warehouse stage decided about the user's warehouse: why it loaded it, or used it as it is. */
  onNotice?: (message: string) => void;
  /** The pack folder (or, with `every`, the folder of packs); default reports/<period>. */
  out?: string;
  formats?: readonly Format[];
  /** The notebooks to run; default notebooks/ of the working folder, else the package's own. */
  notebooksDir?: string;
  onStage?: (event: StageEvent) => void;
  /** Compile dist/ for the notebooks when src/ changed (default true; notebooks that import nothing need not). */
  compile?: boolean;
  /**
   * Notebook worker processes. 1 (default): one, started with the report so that it creates its compilers
   * while the analyses run (kernel.ts); more: that many, each started when the notebooks stage starts.
   */
  concurrency?: number;
}

interface PackResult {
  period: Period;
  dir: string;
  manifest: Manifest;
  view: ReportView;
}

export interface ReportResult {
  packs: PackResult[];
  /** The index page, when a range was split. */
  index: string | null;
  /** Summed over the packs. */
  stages: StageTimes;
  seconds: number;
}

const TITLE = "Sales performance report";

/** The pack's two PDFs: the management pack and its appendix (tables whole, queries, methodology). */
const REPORT_PDF = "report.pdf";
const APPENDIX_PDF = "appendix.pdf";

/** The overview's monthly trend, which the dashboard shows. */
const TREND_CHART = "overview-trend";

/** reports/<period>[-<filters>], the folder the analyse command writes to as well. */
function defaultPackDir(period: string, filters: Filters = {}): string {
  return defaultOutDir(period, filters);
}

export async function buildReport(options: ReportOptions = {}): Promise<ReportResult> {
  const started = performance.now();
  const spec = (options.period ?? "all").trim();
  const url = absoluteDbUrl(resolveDbUrl(options.db));
  const dataDir = resolve(options.dataDir ?? "data");
  const notebooksDir = resolve(options.notebooksDir ?? (existsSync("notebooks") ? "notebooks" : PACKAGE_NOTEBOOKS));
  const formats = options.formats ?? FORMATS;
  const filters = options.filters ?? {};
  const periods = options.every ? splitPeriod(spec, options.every) : [spec];
  const root = resolve(options.out ?? defaultPackDir(spec, filters));
  // Refused before any work: --out never replaces a folder this tool did not write (src/deliver/out-dir.ts).
  if (options.every) {
    refuseProtected(root, { dataDir });
    for (const label of periods) checkOutDir(join(root, basename(defaultPackDir(label))), { dataDir });
  } else checkOutDir(root, { dataDir });

  // Chromium starts while the data is loaded and the notebooks run; the pdf stage waits for it.
  const printing = formats.includes("pdf") ? Printer.open() : null;
  printing?.catch(() => undefined);
  // So does the notebooks' kernel, on the other core: it creates its compilers meanwhile (kernel.ts).
  const first = (options.concurrency ?? 1) === 1 ? firstNotebook(notebooksDir) : null;
  const kernel = first ? NotebookKernel.start(notebooksDir) : null;
  const watch = new Stopwatch(spec, options.onStage);
  const packs: PackResult[] = [];
  try {
    const warehouseOptions = {
      embedded: parseDbUrl(url).dialect === "duckdb",
      reload: options.reload,
      dataGiven: options.dataDir !== undefined,
      asIs: options.warehouseAsIs,
    };
    const warehouse = await watch.time(
      "warehouse",
      async () =>
        // A warehouse that needs no load is only read, so the report runs beside open notebook kernels.
        (await readWarehouse(url, dataDir, warehouseOptions)) ??
        // A first load that fails leaves no empty warehouse behind; one that finds the file held waits, as
        // the warehouse command does, for the holder to let go (a notebook's or the API's idle reader).
        loadingInto(url, (db) => ensureWarehouse(db, dataDir, warehouseOptions), undefined, {
          waitMs: HOLDER_WAIT_MS,
          onWait: (holder) => options.onNotice?.(waitingWords(holder, HOLDER_WAIT_MS)),
        }),
    );
    if (warehouse.notice) options.onNotice?.(warehouse.notice);
    // The analyses read the folder the warehouse was loaded from (its cost assumptions), not a default beside it.
    const packData = warehouse.dataDir ?? dataDir;
    if (options.compile !== false) await watch.time("build", () => ensureDist());
    // dist/ is current: the kernel compiles the notebooks' imports while the analyses run.
    if (kernel && first) kernel.warm(first);
    for (const label of periods) {
      const dir = options.every ? join(root, basename(defaultPackDir(label))) : root;
      packs.push(
        await buildPack({
          label,
          dir,
          url,
          dataDir: packData,
          notebooksDir,
          formats,
          filters,
          warehouse,
          printing,
          onStage: options.onStage,
          concurrency: options.concurrency,
          kernel,
          shared: watch.times,
        }),
      );
    }
  } finally {
    kernel?.close();
    if (printing)
      await printing.then(
        (p) => p.close(),
        () => undefined,
      );
  }

  let index: string | null = null;
  if (options.every) {
    index = join(root, "index.html");
    await writeFileAtomically(index, indexHtml(indexView(spec, packs, root)));
  }
  const stages: StageTimes = { ...watch.times };
  for (const p of packs)
    for (const [stage, seconds] of Object.entries(p.manifest.stages) as [keyof StageTimes, number][])
      if (!(stage in watch.times)) stages[stage] = round((stages[stage] ?? 0) + seconds);
  return { packs, index, stages, seconds: (performance.now() - started) / 1000 };
}

interface PackJob {
  label: string;
  dir: string;
  url: string;
  dataDir: string;
  notebooksDir: string;
  formats: readonly Format[];
  filters: Filters;
  warehouse: WarehouseState;
  printing: Promise<Printer> | null;
  onStage?: (event: StageEvent) => void;
  concurrency?: number;
  kernel: NotebookKernel | null;
  /** Times of the stages run once for every pack (warehouse, build). */
  shared: StageTimes;
}

async function buildPack(job: PackJob): Promise<PackResult> {
  const started = performance.now();
  const watch = new Stopwatch(job.label, job.onStage);
  // The run's results, which the notebooks read instead of computing again.
  const scratch = await mkdtemp(join(tmpdir(), "sales-insight-run-"));
  const results = join(scratch, "results.json");
  try {
    return await writeAtomically(job.dir, (tmp) => writePack(job, watch, tmp, results, started));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function writePack(
  job: PackJob,
  watch: Stopwatch,
  tmp: string,
  results: string,
  started: number,
): Promise<PackResult> {
  // Every analysis of the pack runs here, once, on a read-only connection: the notebooks may open the
  // warehouse too (one whose settings differ from the run's computes live) while the Power BI extracts are written.
  const db = await connect(job.url, { readOnly: true });
  let executed: ExecutedNotebook[];
  let analysed: { run: AnalysisRun; period: Period; database: string; trend: string };
  try {
    analysed = await watch.time("analyse", async () => {
      await limitMemory(db);
      const run = await runAnalyses({
        db,
        period: job.label,
        filters: job.filters,
        dataDir: job.dataDir,
        pack: true,
        cube: job.formats.includes("html"),
        // At a hundred million order lines the stage takes minutes: each analysis is named as it starts.
        onAnalysis: (step) => watch.step("analyse", describeStep(step)),
      });
      const { svgs } = await writeAnalysisOutputs(run, tmp, { db, dataDir: job.dataDir, powerbi: false });
      await writeRunResults(run, results, svgs);
      // A read-only DuckDB connection's label says so; the pack names the warehouse.
      return {
        run,
        period: run.period,
        database: db.dialect === "duckdb" ? describeDuckDb(job.url) : db.label,
        trend: svgs.get(TREND_CHART) ?? "",
      };
    });
    const { run, period } = analysed;

    // The engine writes the extracts on its threads while the notebooks run in their worker.
    const powerbi = watch.time("powerbi", () =>
      writeRunPowerBi(run, tmp, db, { dataDir: job.dataDir, finalDir: job.dir }),
    );
    const notebooks = watch.time("notebooks", async () => {
      const notebooks = await runNotebooks(
        job.notebooksDir,
        // The names the notebooks' parameters cells declare.
        {
          period: period.label,
          country: job.filters.country ?? null,
          category: job.filters.category ?? null,
          db: job.url,
          data: job.dataDir,
          results,
        },
        { concurrency: job.concurrency ?? 1, ...(job.kernel ? { kernel: job.kernel } : {}) },
      );
      await mkdir(join(tmp, "notebooks"), { recursive: true });
      for (const nb of notebooks) writeNotebook(join(tmp, "notebooks", `${nb.name}.ipynb`), nb.notebook);
      return notebooks;
    });
    executed = await settled(notebooks, powerbi);
  } finally {
    await db.close();
  }
  const { run, period, database, trend } = analysed;
  const sections = [...executed.flatMap((nb) => nb.sections), ...(await sectionsWithoutNotebook(results))];
  await addSectionFigures(tmp, sections);

  const generatedAt = new Date();
  const code = codeVersion();
  const { view, pdfInput, mail } = await watch.time("charts", async () => {
    await drawSvgs(sections);
    const view = reportView({
      run,
      sections,
      generatedAt,
      provenance: { data: dataLabel(job.warehouse), code: describeCode(code) },
      database,
    });
    const pdfInput: PdfInput = {
      view,
      run,
      sections,
      trend: await dashboardTrend(run, trend),
      loadedAt: job.warehouse.contents.loaded_at,
      appendixFile: APPENDIX_PDF,
    };
    // The e-mail shows the PDF pack's dashboard and decisions, from the same view.
    const mail = emailView(
      packPdfView(pdfInput),
      attachmentNames(period.label).map((a) => a.filename),
    );
    return { view, pdfInput, mail };
  });

  // Chromium prints in its own process while this one draws the e-mail's PNGs: the two stages overlap.
  const html = watch.time("html", async () => {
    if (job.formats.includes("html"))
      await writeFile(join(tmp, "report.html"), reportHtml(view, interactive(view, run.cube ?? null)));
    await writeEmailMessage(mail, tmp, await drawEmailCharts(mail, tmp), period.label);
  });
  const printing = job.printing;
  const pdf = printing
    ? watch.time("pdf", async () => {
        const printer = await printing;
        // The pack as management reads it (its own print templates), and the appendix beside it: each page is a
        // renderer process of its own, so the two prints share the cores instead of taking turns.
        const pack = packPdfView(pdfInput);
        const appendix = appendixPdfView(pdfInput);
        const appendixPrinted = printer
          .printDocument(appendixPdfHtml(appendix), appendix.footer)
          .then((printed) => writeFile(join(tmp, APPENDIX_PDF), printed.pdf));
        const packPrinted = printer.print({
          footer: pack.footer,
          html: (pages) =>
            packPdfHtml(
              pages
                ? {
                    ...pack,
                    decisions: pack.decisions.map((d) => ({ ...d, page: pages.get(`chapter-${d.number}`) ?? null })),
                  }
                : pack,
            ),
        });
        await settled(
          packPrinted.then((printed) => writeFile(join(tmp, REPORT_PDF), printed.pdf)),
          appendixPrinted,
        );
      })
    : null;
  // Both finish before either's failure is reported: the pack's folder is removed only once nothing writes to it.
  const failed = (await Promise.allSettled([html, pdf])).find((r) => r.status === "rejected");
  if (failed) throw failed.reason;

  const manifest: Manifest = {
    generated_at: generatedAt.toISOString(),
    code,
    parameters: {
      period: period.label,
      start: period.start,
      end: period.end,
      previous: period.previous,
      filters: job.filters,
      database,
      data_dir: displayPath(job.dataDir),
      formats: [...job.formats],
    },
    data: { fingerprint: job.warehouse.fingerprint, loaded: job.warehouse.loaded, warehouse: job.warehouse.contents },
    stages: { ...job.shared, ...watch.times },
    seconds: round((performance.now() - started) / 1000),
    notebooks: executed.map((nb) => ({ name: nb.name, seconds: round(nb.seconds), sections: nb.sections.length })),
    outputs: [],
  };
  manifest.outputs = [...(await listFiles(tmp)), "manifest.json"].sort();
  await writeFile(join(tmp, "manifest.json"), JSON.stringify(manifest, null, 2) + "\n");
  return { period, dir: job.dir, manifest, view };
}

/** An analysis registered without a notebook is shown as the run computed it, after the notebooks' sections. */
async function sectionsWithoutNotebook(results: string): Promise<Section[]> {
  const stored = await readRunResults(results);
  const sections: Section[] = [];
  for (const entry of analyses()) {
    if (entry.notebook !== null || entry.key === "overview") continue;
    const result = stored.results.find((r) => r.key === entry.key);
    if (result) sections.push({ ...(await sectionOf(result, { queries: result.queries })), notebook: "" });
  }
  return sections;
}

/** SVG for the page: the notebook drew it; a chart without one is drawn here. */
async function drawSvgs(sections: Section[]): Promise<void> {
  for (const section of sections)
    for (const chart of section.charts)
      // Vega-Lite's types stop at the notebook boundary (see src/notebook/section.ts).
      if (!chart.svg) chart.svg = await renderSvg(chart.spec as Parameters<typeof renderSvg>[0]);
}

/** The first promise's value once both have settled; the first failure otherwise (nothing is left writing). */
async function settled<T>(first: Promise<T>, other: Promise<unknown>): Promise<T> {
  const [a, b] = await Promise.allSettled([first, other]);
  if (a.status === "rejected") throw a.reason;
  if (b.status === "rejected") throw b.reason;
  return a.value;
}

/** The folder's first notebook; none (or no folder) leaves the error to the notebooks stage, which names it. */
function firstNotebook(dir: string): string | null {
  try {
    return listNotebooks(dir)[0] ?? null;
  } catch {
    return null;
  }
}

function indexView(spec: string, packs: PackResult[], root: string) {
  const entries: IndexEntry[] = packs.map((p) => {
    const rel = p.dir.slice(root.length + 1);
    return {
      label: p.period.label,
      range: p.view.period.range,
      href: `${rel}/report.html`,
      pdf: existsSync(join(p.dir, "report.pdf")) ? `${rel}/report.pdf` : "",
      kpis: p.view.kpis,
    };
  });
  return {
    title: TITLE,
    range: spec,
    generated: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
    packs: entries,
  };
}

/** The extracts' fingerprint, or for a server warehouse what it held. */
function dataLabel(w: WarehouseState): string {
  return w.fingerprint
    ? w.fingerprint.sha256.slice(0, 12)
    : `${w.contents.orders} orders, ${w.contents.order_lines} lines, ${w.contents.first_order} to ${w.contents.last_order}`;
}

/** An embedded warehouse as the pack names it: its file relative to the working folder. */
function describeDuckDb(url: string): string {
  const { path } = parseDbUrl(url);
  return path === ":memory:" ? url : `duckdb:${displayPath(path)}`;
}

/** Notebooks run in their own folder: a relative DuckDB path must not move with them. */
function absoluteDbUrl(url: string): string {
  const file = duckdbFile(url);
  return file === null ? url : `duckdb:${file}`;
}

async function writeFileAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.partial-${process.pid}`;
  await writeFile(temp, text);
  await rename(temp, path);
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The embedded warehouse's state read through a read-only reader, or null
 * when it must be written: it is missing, must be loaded, `--reload` asks
 * for it, or a writer holds the file (the write path then names it).
 */
async function readWarehouse(url: string, dataDir: string, options: WarehouseOptions): Promise<WarehouseState | null> {
  const file = duckdbFile(url);
  if (file === null || options.reload || !existsSync(file)) return null;
  const reader = await connect(url, { readOnly: true }).catch(() => null);
  if (!reader) return null;
  try {
    const found = await inspectWarehouse(reader, dataDir, options);
    return "load" in found ? null : found;
  } finally {
    await reader.close();
  }
}
