import { sqlFile } from "../db/sql.js";
import type { AnalysisContext, QueryRunner } from "./analysis.js";
import { queryInputs } from "./params.js";

/**
 * Two temporary tables per run, built once and read by every analysis: the
 * run's orders (one row per order of the period and the one before, with its
 * filtered sales) and the run's customers (one row per customer). Ten million
 * order lines are joined and grouped once instead of once per analysis.
 * Templates name them `{{temp_table "analysis_orders" run}}`; `run` keeps
 * runs sharing a database apart.
 */
export interface RunTables {
  /** The suffix of this run's tables. */
  run: string;
}

const built = new WeakMap<QueryRunner, { run: string; ready: Promise<RunTables> }>();
let serial = 0;

/** The run's tables, built on first use for this context's query runner. */
export function runTables(ctx: AnalysisContext): Promise<RunTables> {
  let entry = built.get(ctx.sql);
  if (!entry) {
    const run = `${process.pid}_${++serial}`;
    entry = { run, ready: build(ctx, run) };
    built.set(ctx.sql, entry);
  }
  return entry.ready;
}

async function build(ctx: AnalysisContext, run: string): Promise<RunTables> {
  const { params, context } = queryInputs(ctx);
  await ctx.sql.run("analyses/run/orders", params, { ...context, run });
  await ctx.sql.run("analyses/run/customers", params, { ...context, run });
  return { run };
}

/** Drops the run's tables (even after a failed build); the next `runTables` builds them again. */
export async function releaseRunTables(ctx: Pick<AnalysisContext, "db" | "sql">): Promise<void> {
  const entry = built.get(ctx.sql);
  if (!entry) return;
  built.delete(ctx.sql);
  await entry.ready.catch(() => undefined);
  await ctx.db.exec(sqlFile("analyses/run/drop", ctx.db.dialect, { run: entry.run }));
}
