import { FilterError } from "../analyse/filters.js";
import { defaultOutDir } from "../run/out-dir.js";
import { money, plural } from "../analyse/format.js";
import { PeriodError } from "../analyse/period.js";
import { connect, limitMemory, MemoryLimitError, resolveDbUrl, UnknownDatabaseError } from "../db/connect.js";
import { checkOutDir, OutDirError } from "../deliver/out-dir.js";
import { FiscalYearStartError, parseFiscalYearStart } from "../deliver/powerbi/fiscal-year.js";
import { printable } from "../printable.js";
import { dataOption, dbOption, periodOption } from "./options.js";
import {
  defineCommand,
  integer,
  isMain,
  main,
  PROGRESS_OPTIONS,
  progressReporter,
  progressWanted,
  UsageError,
} from "./run.js";

export const command = defineCommand({
  name: "analyse",
  description: `
Runs the management analyses on the warehouse: the overview, customers
(loyalty tiers), locations (where to invest), products (sales and
profitability), employees (reward program), segments (RFM segments and
k-means clusters) and prediction (each customer's sales in the next 90 days,
backtested against baselines, and the monthly forecast). Writes to DIR:

  figures.json      every headline figure and table, with each analysis'
                    ranking (sorted by sales) and commentary
  commentary.md     the commentary of every analysis, readable on its own
  charts/           one SVG per chart, with its Vega-Lite spec (.vl.json)
  queries.json      every query run, with its parameters and row count
  models/           the trained models, segmentation.json and
                    prediction.json, for the package's segmentCustomer and
                    predictCustomerSales
  powerbi/          star schema, calendar and the run's answers per customer,
                    product, country and city as UTF-8 CSV (and Parquet on
                    DuckDB), a Power BI project (SalesInsight.pbip, TMDL
                    model with relationships and measures), data dictionary,
                    .pbids file for server databases
  manifest.json     database, time and files of the run`,
  epilogue: `
SALES_FISCAL_YEAR_START sets --fiscal-year-start's default.

On DuckDB the database engine is held to 400 MB (SALES_DUCKDB_MEMORY sets
another limit, e.g. 2GB); it spills to disk rather than fail. On Linux the
command starts once more with glibc's MALLOC_MMAP_THRESHOLD_=131072 and
MALLOC_ARENA_MAX=2 (unless set), so that memory Node frees (the models'
arrays) goes back to the system; DuckDB's own allocator hands its memory
back from a background thread. On ten million order lines the whole process
then peaks at about 0.9 GB (0.81 to 0.88 GB measured).

Exit codes: 0 done, 1 the database or an analysis failed, 2 usage error
(unknown option, period, country or category).`,
  options: {
    period: periodOption,
    country: { type: "string", value: "C", description: "only customers in this country (e.g. Germany)" },
    category: { type: "string", value: "K", description: "only products of this category (e.g. Beverages)" },
    db: dbOption,
    data: { ...dataOption, description: "folder of the extracts, for ProductCosts.csv and cost-assumptions.json" },
    out: {
      type: "string",
      value: "DIR",
      description: "output folder",
      defaultText: "reports/<period>[-<country>][-<category>]",
    },
    only: {
      type: "string",
      value: "LIST",
      description:
        "run only these analyses, comma-separated (customers, locations, products, employees, segments, prediction; quality and exploration, the report's own, run only when named; the overview always runs)",
      defaultText: "all",
    },
    "no-powerbi": { type: "boolean", default: false, description: "skip the Power BI extracts" },
    "fiscal-year-start": {
      type: "string",
      value: "MONTH",
      description:
        "the month the fiscal year starts in, for the Power BI date table's fiscal columns: 1-12 or a name (7, July); a fiscal year is named by the year it ends in",
      defaultText: "SALES_FISCAL_YEAR_START, else January",
    },
    ...PROGRESS_OPTIONS,
  },
  async run(values) {
    const fiscalYearStart = fiscalStart(values["fiscal-year-start"]);
    // Loaded here, not at the top: --help and a usage error need neither the analyses nor the chart renderer.
    const { describeStep, resolveRun, runAnalyses, UnknownAnalysisError } = await import("../run/index.js");
    const db = await connect(resolveDbUrl(values.db), { readOnly: true }).catch((error: unknown) => {
      throw error instanceof UnknownDatabaseError ? new UsageError(error.message) : error;
    });
    const progress = progressReporter(progressWanted(values));
    try {
      // DuckDB runs inside this process: bound it so the process stays near 0.9 GB on ten million lines.
      await limitMemory(db).catch((error: unknown) => {
        throw error instanceof MemoryLimitError ? new UsageError(error.message) : error;
      });
      const runOptions = {
        db,
        period: values.period,
        filters: { country: values.country, category: values.category },
        dataDir: values.data,
        only: values.only
          ?.split(",")
          .map((k) => k.trim())
          .filter(Boolean),
      };
      // A period, country or category the data does not know is the caller's to fix.
      const asUsage = (error: unknown) => {
        const usage =
          error instanceof PeriodError ||
          error instanceof FilterError ||
          error instanceof UnknownAnalysisError ||
          error instanceof OutDirError;
        return usage ? new UsageError((error as Error).message) : error;
      };
      // The folder is named and checked before the run: a refusal costs no analysis.
      const { period, filters } = await resolveRun(db, runOptions).catch((error: unknown) => {
        throw asUsage(error);
      });
      const out = values.out ?? defaultOutDir(period.label, filters);
      try {
        checkOutDir(out, { dataDir: values.data });
      } catch (error) {
        throw asUsage(error);
      }
      // A line per analysis: at a hundred million order lines a run takes minutes, the models most of them.
      const run = await runAnalyses({
        ...runOptions,
        onAnalysis: (step) => progress.report(`analysing ${period.label} on ${db.label}: ${describeStep(step)}…`, true),
      }).catch((error: unknown) => {
        throw asUsage(error);
      });
      progress.report(`writing ${out}…`, true);
      const writing = performance.now();
      // Written beside the folder and renamed into place: a run that fails half-way leaves the previous outputs.
      // The writer loads the chart renderer (Vega, Vega-Lite, resvg): here, not before the run's first query.
      const [{ writeAtomically }, { writeAnalysisOutputs }] = await Promise.all([
        import("../render/pack.js"),
        import("../run/outputs.js"),
      ]);
      const written = await writeAtomically(out, (dir) =>
        writeAnalysisOutputs(run, dir, {
          db,
          dataDir: values.data,
          powerbi: !values["no-powerbi"],
          fiscalYearStart,
          finalDir: out,
        }),
      );
      progress.done();
      const analyses = run.results.filter((r) => r.key !== "overview").length;
      process.stdout.write(
        `analysed ${run.period.label}${run.filters.country || run.filters.category ? ` (${printable([run.filters.country, run.filters.category].filter(Boolean).join(", "))})` : ""}: ` +
          `${money(run.headline.total_sales)} sales, ${integer.format(run.headline.orders)} orders, ${plural(analyses, "analysis", "analyses")}, ${plural(written.charts, "chart")} ` +
          `in ${run.seconds.toFixed(2)} s, written in ${((performance.now() - writing) / 1000).toFixed(2)} s → ${out}\n`,
      );
    } finally {
      await db.close();
    }
  },
});

/** The option, else the environment variable; a bad value of either is a usage error naming it. */
function fiscalStart(option: string | undefined): number {
  try {
    return option !== undefined
      ? parseFiscalYearStart(option, "--fiscal-year-start")
      : parseFiscalYearStart(process.env.SALES_FISCAL_YEAR_START, "SALES_FISCAL_YEAR_START");
  } catch (error) {
    throw error instanceof FiscalYearStartError ? new UsageError(error.message) : error;
  }
}

if (isMain(import.meta.url)) await main(command);
