import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Defaults the analyses rely on, in one place so a reader can see every
 * assumption behind a figure. Cost assumptions can be overridden per data
 * folder with a `cost-assumptions.json`.
 */

/** Gross margin assumed per product category when the data holds no costs. */
export interface CostAssumptions {
  /** Margin for any category not listed, as a share of sales (0.3 = 30%). */
  default_margin: number;
  /** Margin by category name, as a share of sales. */
  margins: Record<string, number>;
  /** Where the assumptions came from: "defaults" or the path of the file. */
  source: string;
}

const COST_ASSUMPTIONS_FILE = "cost-assumptions.json";

/**
 * Typical gross margins of a food manufacturer's categories: perishables
 * (meat, seafood, dairy) earn less than shelf-stable goods. They are
 * placeholders for finance to replace, not facts about this company.
 */
export const DEFAULT_COST_ASSUMPTIONS: CostAssumptions = {
  default_margin: 0.3,
  margins: {
    Beverages: 0.35,
    Condiments: 0.4,
    Confections: 0.38,
    "Dairy Products": 0.25,
    "Grains/Cereals": 0.32,
    "Meat/Poultry": 0.2,
    Produce: 0.28,
    Seafood: 0.22,
  },
  source: "defaults",
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The data folder's `cost-assumptions.json` over the defaults, checked value by value. */
export function loadCostAssumptions(dataDir: string): CostAssumptions {
  const path = join(dataDir, COST_ASSUMPTIONS_FILE);
  if (!existsSync(path)) return DEFAULT_COST_ASSUMPTIONS;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new ConfigError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseCostAssumptions(raw, path);
}

const EXPECTED =
  'expected { "default_margin": 0.3, "margins": { "Beverages": 0.35, ... } } with margins between 0 and 1';

function parseCostAssumptions(raw: unknown, source: string): CostAssumptions {
  if (!isObject(raw)) throw new ConfigError(`${source}: ${EXPECTED}`);
  const unknown = Object.keys(raw).filter((k) => k !== "default_margin" && k !== "margins");
  if (unknown.length)
    throw new ConfigError(`${source}: unknown key${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; ${EXPECTED}`);
  const default_margin =
    raw.default_margin === undefined
      ? DEFAULT_COST_ASSUMPTIONS.default_margin
      : margin(raw.default_margin, `${source}: default_margin`);
  if (raw.margins !== undefined && !isObject(raw.margins))
    throw new ConfigError(`${source}: margins must be an object; ${EXPECTED}`);
  const given = (raw.margins ?? {}) as Record<string, unknown>;
  const margins = { ...DEFAULT_COST_ASSUMPTIONS.margins };
  for (const [category, value] of Object.entries(given))
    margins[category] = margin(value, `${source}: margins["${category}"]`);
  return { default_margin, margins, source };
}

function margin(value: unknown, where: string): number {
  // A margin of 1 would mean free goods and a negative one a loss on every sale: both are typos.
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value >= 1)
    throw new ConfigError(
      `${where} is ${JSON.stringify(value)}: expected a margin as a share of sales, from 0 up to (not including) 1, e.g. 0.3 for 30%`,
    );
  return value;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/** The margin assumed for a category. */
export function assumedMargin(assumptions: CostAssumptions, category: string): number {
  return assumptions.margins[category] ?? assumptions.default_margin;
}

/** Thresholds behind the analyses' wording and caveats. */
export const ANALYSIS_DEFAULTS = {
  /**
   * The three loyalty tiers by cumulative share of sales: a customer belongs
   * to the first tier whose bound the sales before them stay below, so the
   * customer who crosses 50% is still Gold (sql/analyses/customer_tiers.sql).
   */
  loyaltyTiers: [
    { name: "Gold", upTo: 0.5 },
    { name: "Silver", upTo: 0.8 },
    { name: "Bronze", upTo: 1 },
  ],
  /** Fewer orders than this in a country, product or employee makes its figures anecdotal. */
  thinOrders: 5,
  /** Fewer orders than this in a whole period: every figure hangs on a few orders. */
  thinPeriodOrders: 30,
  /** Less history than this (months) makes trends and growth thin. */
  thinHistoryMonths: 12,
  /** A month whose data stops or starts within this many days of its edge still counts as complete. */
  coverageSlackDays: 7,
  /** Customers listed in a ranking (the rest are counted, not listed). */
  rankingRows: 500,
  /** Member names listed per loyalty tier (every tier's size is always exact). */
  tierMemberNames: 1000,
  /** Lapsed customers listed, largest first. */
  lapsedRows: 20,
  /** How many countries to name for investment. */
  investCountries: 3,
  /** How many products to name per quadrant in the commentary. */
  namePerQuadrant: 5,
  /** How many employees to name for the reward program. */
  rewardEmployees: 3,
};
