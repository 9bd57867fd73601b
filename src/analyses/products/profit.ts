import { assumedMargin, type CostAssumptions } from "../../config.js";

/**
 * Gross profit from real costs where the data has them, from an assumed
 * category margin where it does not, and a label saying which.
 */
export type CostBasis = "actual" | "estimated" | "mixed";

export interface ProfitInput {
  sales: number;
  /** Summed cost of the lines that had one (null when none had). */
  cost: number | null;
  /** Sales of the lines without a cost. */
  uncosted_sales: number;
  category: string;
}

export interface Profit {
  profit: number;
  /** Profit over sales; null without sales. */
  margin: number | null;
  cost_basis: CostBasis;
  /** The margin assumed for the uncosted part; null when every line had a cost. */
  assumed_margin: number | null;
}

export function profitOf(x: ProfitInput, assumptions: CostAssumptions): Profit {
  const costed = x.sales - x.uncosted_sales;
  const assumed = assumedMargin(assumptions, x.category);
  const cost_basis: CostBasis = x.uncosted_sales <= 0.005 ? "actual" : costed <= 0.005 ? "estimated" : "mixed";
  const profit = costed - (x.cost ?? 0) + (cost_basis === "actual" ? 0 : x.uncosted_sales * assumed);
  return {
    profit,
    margin: x.sales !== 0 ? profit / x.sales : null,
    cost_basis,
    assumed_margin: cost_basis === "actual" ? null : assumed,
  };
}

/** The basis of a total from the bases of its parts. */
export function combinedBasis(bases: readonly CostBasis[]): CostBasis {
  if (bases.length === 0 || bases.every((b) => b === "estimated")) return "estimated";
  return bases.every((b) => b === "actual") ? "actual" : "mixed";
}
