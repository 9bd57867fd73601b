import type { SqlValue } from "../db/adapter.js";
import type { AnalysisContext } from "./analysis.js";
import { runTables } from "./run-tables.js";

/**
 * The one parameter set every analysis query receives: the period, the period
 * before it, and the filters. The template context switches the filter
 * clauses on, so an unfiltered query carries no filter at all.
 */
export interface QueryInputs {
  params: Record<string, SqlValue>;
  context: { country: boolean; category: boolean };
}

export function queryInputs(ctx: Pick<AnalysisContext, "period" | "filters">): QueryInputs {
  const { period, filters } = ctx;
  return {
    params: {
      start: period.start,
      end: period.end,
      prev_start: period.previous.start,
      prev_end: period.previous.end,
      country: filters.country ?? null,
      category: filters.category ?? null,
    },
    context: { country: Boolean(filters.country), category: Boolean(filters.category) },
  };
}

/** Runs `sql/analyses/<name>.sql` with the standard inputs and the run's tables (built on first use). */
export async function runAnalysisQuery<T extends Record<string, SqlValue>>(
  ctx: AnalysisContext,
  name: string,
  extra: object = {},
): Promise<T[]> {
  const { params, context } = queryInputs(ctx);
  const { run } = await runTables(ctx);
  return ctx.sql.run<T>(`analyses/${name}`, params, { ...context, ...extra, run });
}

/** Runs `sql/analyses/<name>.sql` with the standard inputs, for queries that read the warehouse directly. */
export function runWarehouseQuery<T extends Record<string, SqlValue>>(
  ctx: AnalysisContext,
  name: string,
): Promise<T[]> {
  const { params, context } = queryInputs(ctx);
  return ctx.sql.run<T>(`analyses/${name}`, params, context);
}

/** A SQL number that may be NULL (an empty SUM) as a number. */
export const num = (x: SqlValue | undefined): number => (x === null || x === undefined ? 0 : Number(x));

/** A SQL date or NULL as ISO text or null. */
export const date = (x: SqlValue | undefined): string | null =>
  x === null || x === undefined ? null : String(x).slice(0, 10);
