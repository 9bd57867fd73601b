import { readFile, writeFile } from "node:fs/promises";
import type { AnalysisResult, Filters, QueryRecord } from "../analyse/analysis.js";
import type { AnalysisRun } from "./index.js";

/**
 * A run's results as one file, so the notebooks a report runs read the
 * figures, tables and charts the analyse stage computed instead of computing
 * them again: one computation per pack. The runner passes its path to every
 * notebook as the `results` parameter; a notebook opened in Jupyter has none
 * and computes live (src/notebook/analysis.ts).
 */

/** One analysis as a notebook shows it: the result and the queries it ran (for the appendix). */
export type StoredAnalysis = AnalysisResult & { queries: QueryRecord[] };

export interface RunResults {
  period: string;
  filters: Filters;
  /** The settings each analysis ran with, its defaults included. */
  settings: Record<string, object>;
  results: StoredAnalysis[];
}

/**
 * Writes the run's results; `svgs` (chart id → SVG, drawn once by the
 * outputs) travel with the charts so the notebooks need not draw them again.
 */
export async function writeRunResults(
  run: AnalysisRun,
  path: string,
  svgs: ReadonlyMap<string, string> = new Map(),
  settings: Record<string, object> = {},
): Promise<void> {
  // Imported here: reading a results file (what a notebook does) must not load the analyses.
  const { findAnalysis } = await import("./registry.js");
  const doc: RunResults = {
    period: run.period.label,
    filters: run.filters,
    settings: Object.fromEntries(
      run.results.map((r) => [r.key, { ...findAnalysis(r.key)?.defaults, ...settings[r.key] }]),
    ),
    results: run.results.map((r) => ({
      ...r,
      // Every customer's answers are for the Power BI extract; the notebooks read the figures.
      perCustomer: undefined,
      charts: r.charts.map((c) => (svgs.has(c.id) ? { ...c, svg: svgs.get(c.id)! } : c)),
      queries: run.queriesOf[r.key] ?? [],
    })),
  };
  await writeFile(path, JSON.stringify(doc));
}

const cache = new Map<string, Promise<RunResults>>();

/** Reads a results file (once per process: every notebook of a pack reads the same one). */
export function readRunResults(path: string): Promise<RunResults> {
  let read = cache.get(path);
  if (!read) {
    read = readFile(path, "utf8").then((text) => JSON.parse(text) as RunResults);
    cache.set(path, read);
    read.catch(() => cache.delete(path));
  }
  return read;
}
