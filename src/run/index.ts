import type { Database } from "../db/adapter.js";
import { missingFromWarehouse, notLoadedError } from "../load/warehouse.js";
import {
  QueryRunner,
  type AnalysisContext,
  type AnalysisResult,
  type Filters,
  type QueryRecord,
} from "../analyse/analysis.js";
import { dataContext, type DataContext } from "../analyse/data-context.js";
import { resolveFilters } from "../analyse/filters.js";
import { PeriodError, resolvePeriod, type Period } from "../analyse/period.js";
import { releaseRunTables } from "../analyse/run-tables.js";
import type { OverviewFigures } from "../analyses/overview/overview.js";
import { releaseFeatureReads, shareFeatureReads } from "../model/features.js";
import { salesCube, type SalesCube } from "./cube.js";
import { trace, traceStart } from "../trace.js";
import { analyses } from "./registry.js";
import { requireEnoughData } from "./sufficiency.js";
import { didYouMean } from "../closest.js";

/**
 * Runs the analyses of a period in order and returns everything a reader of
 * the figures needs: the headline, each analysis' result and the queries that
 * produced them. The analyse command, the notebooks and the report all start
 * here, so they all show the same figures.
 */

export type { Analysis, AnalysisEntry } from "./registry.js";
export { analyses, findAnalysis, managementAnalyses, registerAnalysis, unregisterAnalysis } from "./registry.js";

export interface RunOptions {
  db: Database;
  /** all (default), 1997, 1997-Q1, 1997-01 or 1996-09..1997-01. */
  period?: string;
  filters?: Filters;
  /** Where the extracts live (ProductCosts.csv, cost-assumptions.json). Default "data". */
  dataDir?: string;
  /** Keys of the analyses to run (the overview always runs: it is the headline). */
  only?: string[];
  /** Also the analyses only a pack shows (data quality, exploration); `npm run analyse` leaves them out. */
  pack?: boolean;
  /** Settings of one analysis by key, e.g. `{ prediction: { horizonDays: 30 } }`. */
  settings?: Record<string, object>;
  /**
   * Also query the sales cube the interactive report embeds (src/run/cube.ts)
   * from the same run tables; `{ top }` sets how many customers keep their name.
   */
  cube?: boolean | { top: number };
  /** Called as each analysis starts, with its place in the run (`analyse` shows it as progress). */
  onAnalysis?: (step: AnalysisStep) => void;
}

/** The analysis a run is starting: the `index`-th (from 1) of `count`. */
export interface AnalysisStep {
  index: number;
  count: number;
  key: string;
  title: string;
}

/** How progress names a step, the same in `analyse --progress` and the pack: "Customer sales prediction (9/9)". */
export function describeStep(step: AnalysisStep): string {
  return `${step.title} (${step.index}/${step.count})`;
}

export type Headline = Pick<
  OverviewFigures,
  | "total_sales"
  | "orders"
  | "active_customers"
  | "units"
  | "average_order_value"
  | "previous"
  | "change"
  | "year_ago"
  | "trend"
> & {
  comparable: boolean;
  comparison_note: string | null;
  /** The data's first and last order, and the months of the period it covers only in part. */
  coverage: Pick<DataContext["coverage"], "first_order" | "last_order" | "partial_months">;
};

export interface AnalysisRun {
  period: Period;
  filters: Filters;
  headline: Headline;
  results: AnalysisResult[];
  queries: QueryRecord[];
  /** The queries each analysis ran, by key (the run's shared tables are built by the first that needs them). */
  queriesOf: Record<string, QueryRecord[]>;
  /** Seconds spent in the analyses (queries and TypeScript). */
  seconds: number;
  /** The sales cube, when asked for (`cube: true`). */
  cube?: SalesCube;
}

export class UnknownAnalysisError extends Error {
  override name = "UnknownAnalysisError";
}

/**
 * The period and filters a run covers, as the warehouse knows them (a period
 * or filter it does not know is a PeriodError or FilterError), after checking
 * that the warehouse holds what this version reads. Cheap: a caller may ask
 * before the run, to name the output folder or start the extracts.
 */
export async function resolveRun(
  db: Database,
  options: Pick<RunOptions, "period" | "filters">,
): Promise<{ period: Period; filters: Filters }> {
  const missing = await missingFromWarehouse(db);
  if (missing.length) throw notLoadedError(db, missing);
  return {
    period: await resolvePeriod(db, options.period ?? "all"),
    filters: await resolveFilters(db, options.filters),
  };
}

export async function runAnalyses(options: RunOptions): Promise<AnalysisRun> {
  const started = performance.now();
  const { db } = options;
  const { period, filters } = await resolveRun(db, options);
  const ctx: AnalysisContext = { db, sql: new QueryRunner(db), period, filters, dataDir: options.dataDir ?? "data" };
  const all = analyses();
  const wanted = options.only?.length ? new Set(["overview", ...options.only]) : undefined;
  const unknown = options.only?.filter((k) => !all.some((a) => a.key === k)) ?? [];
  if (unknown.length) {
    const keys = all.map((a) => a.key);
    const meant = unknown.length === 1 ? didYouMean(unknown[0], keys) : "";
    throw new UnknownAnalysisError(`Unknown analysis ${unknown.join(", ")}${meant}: expected ${keys.join(", ")}`);
  }
  const runs = (a: (typeof all)[number]) => (wanted ? wanted.has(a.key) : !a.packOnly || options.pack === true);

  // Fail before any work when the period lies outside the data altogether.
  const data = await dataContext(ctx);
  if (data.coverage.current === "none")
    throw new PeriodError(
      `No orders in ${period.label}: the data runs from ${data.coverage.first_order} to ${data.coverage.last_order}`,
    );

  const results: AnalysisResult[] = [];
  const queriesOf: Record<string, QueryRecord[]> = {};
  let cube: SalesCube | undefined;
  // Segmentation's read of every customer's features at the period's last day serves prediction's latest snapshot
  // when that day has orders (features.ts).
  shareFeatureReads(ctx.sql);
  try {
    const todo = all.filter(runs);
    // After the last analysis that reads the run's tables, only the models are left, which never do: the cube is
    // queried and the tables dropped then, and the models have the engine's memory to themselves
    // (SALES_DUCKDB_MEMORY, 400 MB by default), where the tables took 268 MB of it at ten million order lines.
    const ownDataFrom = todo.findLastIndex((a) => a.readsRunTables !== false) + 1;
    const queryCube = () => salesCube(ctx, typeof options.cube === "object" ? options.cube.top : undefined);
    // One after another: a database connection runs one query at a time anyway.
    for (const [i, analysis] of todo.entries()) {
      if (i === ownDataFrom) {
        if (options.cube) cube = await queryCube();
        await releaseRunTables(ctx);
      }
      options.onAnalysis?.({ index: i + 1, count: todo.length, key: analysis.key, title: analysis.title });
      const from = ctx.sql.log.length;
      const started = traceStart();
      results.push(requireEnoughData(await analysis.run(ctx, options.settings?.[analysis.key]), analysis, period));
      trace(`analysis ${analysis.key}`, started);
      queriesOf[analysis.key] = ctx.sql.log.slice(from);
    }
    if (options.cube && !cube) cube = await queryCube();
  } finally {
    releaseFeatureReads(ctx.sql);
    await releaseRunTables(ctx);
  }

  const overview = results[0].figures as OverviewFigures;
  return {
    period,
    filters,
    headline: {
      total_sales: overview.total_sales,
      orders: overview.orders,
      active_customers: overview.active_customers,
      units: overview.units,
      average_order_value: overview.average_order_value,
      previous: overview.previous,
      change: overview.change,
      comparable: overview.data.comparable,
      comparison_note: overview.data.comparison_note,
      year_ago: overview.year_ago,
      trend: overview.trend,
      coverage: {
        first_order: overview.data.coverage.first_order,
        last_order: overview.data.coverage.last_order,
        partial_months: overview.data.coverage.partial_months,
      },
    },
    results,
    // Each query once: one that a later analysis reused is in the log twice (QueryRunner.reuse).
    queries: [...new Set(ctx.sql.log)],
    queriesOf,
    seconds: (performance.now() - started) / 1000,
    ...(cube ? { cube } : {}),
  };
}

export type { SalesCube } from "./cube.js";
export type { AnalysisContext, AnalysisResult, Filters } from "../analyse/analysis.js";
