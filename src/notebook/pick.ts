import type { AnalysisResult, Chart, Table } from "../analyse/analysis.js";
import { showChart } from "./chart.js";
import { showTable, type ShowTableOptions } from "./table.js";

/**
 * Notebooks show an analysis step by step, a table or chart at a time with
 * the reasoning between them; these pick them by id. Some tables exist only
 * when there is something to list (lapsed customers, products never sold),
 * so a missing id is skipped; an id the analysis never makes is a typo.
 */

export function tableOf(result: AnalysisResult, id: string): Table | undefined {
  return result.tables.find((t) => t.id === id);
}

export function chartOf(result: AnalysisResult, id: string): Chart | undefined {
  return result.charts.find((c) => c.id === id);
}

/** Shows the tables with these ids, in this order, skipping any the result does not hold this time. */
export function showTables(result: AnalysisResult, ids: string[], options: ShowTableOptions = {}): void {
  for (const id of ids) {
    const table = tableOf(result, id);
    if (table) showTable(table, options);
  }
}

/** Shows the charts with these ids (all charts when none are given), skipping absent ones. */
export async function showCharts(result: AnalysisResult, ids?: string[]): Promise<void> {
  const charts = ids ? ids.map((id) => chartOf(result, id)).filter((c): c is Chart => c !== undefined) : result.charts;
  for (const chart of charts) await showChart(chart);
}

/** One analysis of a run, by key; an unknown key lists the keys the run holds. */
export function resultOf(run: { results: AnalysisResult[] }, key: string): AnalysisResult {
  const found = run.results.find((r) => r.key === key);
  if (!found) throw new Error(`No "${key}" analysis in this run: it holds ${run.results.map((r) => r.key).join(", ")}`);
  return found;
}
