import { ANALYSIS_DEFAULTS } from "../config.js";
import type { AnalysisContext, QueryRunner } from "./analysis.js";
import { dataCoverage, type Coverage } from "./coverage.js";
import { decimal } from "./format.js";

/**
 * What every analysis needs to know about the data behind its period, to
 * compute growth only when it is fair and to state its caveats.
 */
export interface DataContext {
  period: string;
  /** The period as a phrase: "in 1997-01", or "across all orders on record" for all. */
  in_period: string;
  previous: string;
  coverage: Coverage;
  /** Growth against the previous period is computed only when true. */
  comparable: boolean;
  /** Why growth is not computed, in a sentence; null when it is. */
  comparison_note: string | null;
  /** Months between the first and the last order of the warehouse, one decimal. */
  history_months: number;
  /** Less than a year of history: trends and growth are indications only. */
  thin_history: boolean;
}

// One coverage query per run, however many analyses ask.
const cache = new WeakMap<QueryRunner, Promise<{ first_order: string; last_order: string }>>();

export async function dataContext(ctx: AnalysisContext): Promise<DataContext> {
  let span = cache.get(ctx.sql);
  if (!span) {
    span = ctx.sql.run<{ first_order: string | null; last_order: string | null }>("analyses/coverage").then(([row]) => {
      if (!row?.first_order || !row.last_order)
        throw new Error("The warehouse holds no orders: load the extracts first (npm run warehouse)");
      return { first_order: row.first_order, last_order: row.last_order };
    });
    cache.set(ctx.sql, span);
  }
  const { first_order, last_order } = await span;
  const coverage = dataCoverage(ctx.period, first_order, last_order);
  const history_months =
    Math.round(((Date.parse(last_order) - Date.parse(first_order)) / 86_400_000 / 30.4375) * 10) / 10;
  return {
    period: ctx.period.label,
    in_period: ctx.period.label === "all" ? "across all orders on record" : `in ${ctx.period.label}`,
    previous: ctx.period.previous.label,
    coverage,
    comparable: coverage.comparable,
    comparison_note: comparisonNote(ctx.period.label, ctx.period.previous.label, coverage),
    history_months,
    thin_history: history_months < ANALYSIS_DEFAULTS.thinHistoryMonths,
  };
}

function comparisonNote(label: string, previous: string, c: Coverage): string | null {
  if (c.comparable) return null;
  if (c.current === "none")
    return `The data holds no orders in ${label} (it runs from ${c.first_order} to ${c.last_order}).`;
  if (c.current === "partial" && label !== "all")
    return `The data runs from ${c.first_order} to ${c.last_order}, so it covers only part of ${label}; growth against ${previous} would compare part of a period with a whole one, so it is not computed.`;
  if (c.previous === "none")
    return `There are no orders before ${c.first_order}, so there is no earlier period of the same length to compare with; growth is not computed.`;
  return `The data starts on ${c.first_order}, so the previous period (${previous}) is only partly covered; growth is not computed.`;
}

/** The caveat on short history, or null with a year or more. */
export function historyCaveat(d: DataContext): string | null {
  if (!d.thin_history) return null;
  return `The warehouse holds ${decimal(d.history_months)} months of orders (${d.coverage.first_order} to ${d.coverage.last_order}): too little to separate seasonality from trend, so treat rankings as a snapshot and any change as an indication.`;
}

/** Rows for a key-figures table that back the shared caveats. */
export function dataContextRows(d: DataContext): [string, string][] {
  return [
    ["Months of history in the data", decimal(d.history_months)],
    ["First order in the data", d.coverage.first_order],
    ["Last order in the data", d.coverage.last_order],
  ];
}
