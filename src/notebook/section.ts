import type { QueryRecord, Table } from "../analyse/analysis.js";
import type { Commentary } from "../analyse/commentary/commentary.js";

/**
 * What a notebook hands the report: one analysis, ready to render. A notebook
 * emits it as a display_data output with this MIME type; the headless runner
 * collects those outputs, so the report shows exactly what the notebook ran.
 */
export const SECTION_MIME = "application/vnd.sales-insight.section+json";

export interface SectionChart {
  id: string;
  title: string;
  /** Vega-Lite spec (typed loosely: notebooks cannot resolve vega-lite's types). */
  spec: object;
  /** The same chart drawn as SVG, for PDF, e-mail and viewers without Vega. */
  svg: string;
}

export interface Section {
  /** File name of the notebook without `.ipynb`, e.g. `03-customers`. */
  notebook: string;
  /** The analysis key (customers, locations, ..., quality, exploration). */
  key: string;
  title: string;
  commentary: Commentary;
  charts: SectionChart[];
  tables: Table[];
  figures?: unknown;
  /** More top-level keys for figures.json, as in `AnalysisResult`. */
  extraFigures?: Record<string, unknown>;
  /** Fitted models, saved as models/<name>.json, as in `AnalysisResult`. */
  models?: Record<string, unknown>;
  /** The queries behind the figures, for the report's appendix. */
  queries?: QueryRecord[];
}
