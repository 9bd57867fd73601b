import type { QueryRecord } from "../analyse/analysis.js";
import type { StoredAnalysis } from "../run/results.js";
import { filtersOf, usingWarehouse, dataDirOf } from "./warehouse.js";

/**
 * How a notebook gets an analysis: from the run the report already computed
 * (the `results` parameter the runner injects), else computed live against
 * the warehouse, as an analyst running the notebook in Jupyter expects. Either
 * way the same function of the registry produced it, so the figures agree.
 */

export interface AnalysisParams {
  /** The warehouse URL (used only when computing live). */
  db: string;
  period?: string;
  country?: string | null;
  category?: string | null;
  /** The extracts folder. */
  data?: string;
  /** The report's run results (a file), when the runner passed one. */
  results?: string | null;
  /** The analysis' own settings, e.g. `{ horizonDays: 30 }` for the prediction. */
  settings?: object;
}

/** An analysis' result and the queries behind it (for `showSection`'s `queries`). */
export type NotebookAnalysis = StoredAnalysis;

export async function analysis(key: string, params: AnalysisParams): Promise<NotebookAnalysis> {
  if (params.results) {
    const stored = await fromResults(key, params);
    if (stored) return stored;
  }
  const { runAnalyses } = await import("../run/index.js");
  // The kernel holds an embedded warehouse only while it computes, and a few seconds after (warehouse.ts).
  const run = await usingWarehouse(params.db, { dataDir: params.data ? dataDirOf(params.data) : undefined }, (db) =>
    runAnalyses({
      db,
      period: params.period ?? "all",
      filters: filtersOf(params),
      dataDir: dataDirOf(params.data),
      only: [key],
      ...(params.settings ? { settings: { [key]: params.settings } } : {}),
    }),
  );
  const result = run.results.find((r) => r.key === key)!;
  return { ...result, queries: run.queriesOf[key] ?? ([] as QueryRecord[]) };
}

/**
 * The analysis from the run's results; undefined when the notebook asks for
 * other settings than the run used (it then computes its own).
 */
async function fromResults(key: string, params: AnalysisParams): Promise<NotebookAnalysis | undefined> {
  // Read without loading the analyses (and Vega): a stored run needs none of them.
  const { readRunResults } = await import("../run/results.js");
  const run = await readRunResults(params.results!);
  const period = params.period ?? "all";
  const filters = filtersOf(params);
  if (period.toLowerCase() !== run.period.toLowerCase() || JSON.stringify(filters) !== JSON.stringify(run.filters))
    throw new Error(
      `The results in ${params.results} are for ${run.period} ${JSON.stringify(run.filters)}, not ${period} ${JSON.stringify(filters)}: ` +
        "pass the run's period and filters, or no results to compute live",
    );
  const found = run.results.find((r) => r.key === key);
  if (!found)
    throw new Error(`No "${key}" analysis in ${params.results}: it holds ${run.results.map((r) => r.key).join(", ")}`);
  const ran = (run.settings[key] ?? {}) as Record<string, unknown>;
  const asked = (params.settings ?? {}) as Record<string, unknown>;
  const same = Object.keys(asked).every((k) => JSON.stringify(asked[k]) === JSON.stringify(ran[k]));
  if (!same) {
    console.log(
      `Computed live: the run's ${key} used ${JSON.stringify(ran)}, this notebook asks for ${JSON.stringify(asked)}.`,
    );
    return undefined;
  }
  return found;
}
