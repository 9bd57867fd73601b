import type { AnalysisContext, AnalysisResult } from "../analyse/analysis.js";
import { analyseCustomers } from "../analyses/customers/customers.js";
import { analyseEmployees } from "../analyses/employees/employees.js";
import { analyseLocations } from "../analyses/locations/locations.js";
import { analyseOverview } from "../analyses/overview/overview.js";
import { analyseProducts } from "../analyses/products/products.js";
import { analyseExploration } from "../explore/exploration.js";
import { analyseQuality } from "../explore/quality.js";
import { analysePrediction, PREDICTION_DEFAULTS, type PredictionOptions } from "../model/prediction/index.js";
import { analyseSegments } from "../model/segmentation/index.js";
import {
  customersKeyFigure,
  employeesKeyFigure,
  locationsKeyFigure,
  predictionKeyFigure,
  productsKeyFigure,
  segmentsKeyFigure,
  type KeyFigure,
} from "./key-figures.js";

/**
 * Every analysis, once. The runner, figures.json, the report's summary, the
 * notebooks' `analysis()` and the package read this list, so adding an
 * analysis is one entry here plus its own folder (src/analyses/<key>/).
 */

/** Runs one analysis; `options` are its own settings (the prediction's horizon), from a notebook's parameters. */
export type Analysis = (ctx: AnalysisContext, options?: object) => Promise<AnalysisResult>;

export interface AnalysisEntry {
  /** Key in figures.json and of the report's section. */
  key: string;
  title: string;
  /** What management asked, as the executive summary words it; null for the analyses that set the scene. */
  question: string | null;
  /** One of the four decisions management asked for; the others support them. */
  primary: boolean;
  run: Analysis;
  /**
   * The notebook that walks through it (file name without `.ipynb`). Null: the
   * report shows the run's result as a section of its own (the overview: on the cover).
   */
  notebook: string | null;
  /**
   * Computed for a pack (and its notebook) but not by `npm run analyse`, whose
   * figures.json holds the management figures: data quality and exploration.
   */
  packOnly?: boolean;
  /** Its settings' defaults (what `run` assumes when given none), so a stored run says what it ran with. */
  defaults?: object;
  /** The number its decision is stated with (the pack's decisions page, the e-mail), from its figures. */
  keyFigure?: (figures: never) => KeyFigure | null;
  /**
   * The shortest period its advice holds for: a shorter one states that instead
   * of recommending (a month's ranking moves with a few large orders).
   * `decision` completes "too short to decide …".
   */
  needs?: { months: number; decision: string };
  /**
   * False for an analysis that reads the warehouse itself, never the run's
   * temporary tables (analyse/run-tables.ts): the models, which read their own
   * features. Once only such analyses are left, the run drops its tables
   * (runAnalyses). Default true.
   */
  readsRunTables?: boolean;
}

/** A quarter: the shortest period the four decisions and the segments are advised on. */
const MIN_DECISION_MONTHS = 3;

const registry: AnalysisEntry[] = [
  { key: "overview", title: "Sales overview", question: null, primary: false, run: analyseOverview, notebook: null },
  {
    key: "quality",
    title: "Data quality",
    question: null,
    primary: false,
    run: analyseQuality,
    notebook: "01-load-and-quality",
    packOnly: true,
  },
  {
    key: "exploration",
    title: "Exploration",
    question: null,
    primary: false,
    run: analyseExploration,
    notebook: "02-exploration",
    packOnly: true,
  },
  {
    key: "customers",
    title: "Customers: loyalty program",
    question: "Loyalty program for the top customers",
    primary: true,
    run: analyseCustomers,
    notebook: "03-customers",
    keyFigure: customersKeyFigure,
    needs: { months: MIN_DECISION_MONTHS, decision: "who joins the loyalty program" },
  },
  {
    key: "locations",
    title: "Locations: where to invest",
    question: "Invest in the locations with the highest sales",
    primary: true,
    run: analyseLocations,
    notebook: "04-locations",
    keyFigure: locationsKeyFigure,
    needs: { months: MIN_DECISION_MONTHS, decision: "where to invest" },
  },
  {
    key: "products",
    title: "Products: where to invest",
    question: "Invest in the best-selling, most profitable products",
    primary: true,
    run: analyseProducts,
    notebook: "05-products",
    keyFigure: productsKeyFigure,
    needs: { months: MIN_DECISION_MONTHS, decision: "which products to invest in" },
  },
  {
    key: "employees",
    title: "Employees: reward program",
    question: "Reward the hardest-working employees",
    primary: true,
    run: analyseEmployees,
    notebook: "06-employees",
    keyFigure: employeesKeyFigure,
    needs: { months: MIN_DECISION_MONTHS, decision: "whom to reward" },
  },
  {
    key: "segments",
    title: "Customer segments for personalised marketing",
    question: "Personalised marketing by customer segment",
    primary: false,
    run: (ctx) => analyseSegments(ctx),
    notebook: "07-segmentation",
    keyFigure: segmentsKeyFigure,
    needs: { months: MIN_DECISION_MONTHS, decision: "which segments to target" },
    readsRunTables: false,
  },
  {
    key: "prediction",
    title: "Customer sales prediction",
    question: "Prediction of customer sales",
    primary: false,
    run: (ctx, options) => analysePrediction(ctx, options as PredictionOptions | undefined),
    notebook: "08-prediction",
    defaults: { horizonDays: PREDICTION_DEFAULTS.horizonDays },
    keyFigure: predictionKeyFigure,
    readsRunTables: false,
  },
];

/** Every analysis, in reading order (the overview first: it is the headline). */
export function analyses(): readonly AnalysisEntry[] {
  return registry;
}

export function findAnalysis(key: string): AnalysisEntry | undefined {
  return registry.find((a) => a.key === key);
}

/** The four management analyses (customers, locations, products, employees). */
export function managementAnalyses(): string[] {
  return registry.filter((a) => a.primary).map((a) => a.key);
}

/**
 * Adds an analysis after the others (a plug-in, or a test's fixture); its
 * figures, commentary and section then appear wherever the registry is read.
 */
export function registerAnalysis(entry: AnalysisEntry): void {
  if (!/^[a-z][a-z0-9_]*$/.test(entry.key))
    throw new Error(`An analysis key is lower-case letters, digits and _, not "${entry.key}"`);
  if (findAnalysis(entry.key)) throw new Error(`An analysis "${entry.key}" is registered already`);
  registry.push(entry);
}

/** Removes an analysis added with `registerAnalysis` (tests clean up with it). */
export function unregisterAnalysis(key: string): void {
  const i = registry.findIndex((a) => a.key === key);
  if (i >= 0) registry.splice(i, 1);
}
