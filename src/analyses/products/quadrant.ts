/**
 * The product portfolio on two axes: sales against margin. Above both lines,
 * invest; below both, review; strong on one only, maintain.
 */
export type Quadrant = "invest" | "maintain" | "review";

export function quadrantOf(
  sales: number,
  margin: number | null,
  salesThreshold: number,
  marginThreshold: number,
): Quadrant {
  const bigSeller = sales >= salesThreshold;
  const profitable = margin !== null && margin >= marginThreshold - 1e-12;
  if (bigSeller && profitable) return "invest";
  if (!bigSeller && !profitable) return "review";
  return "maintain";
}

export const QUADRANT_LABEL: Record<Quadrant, string> = { invest: "Invest", maintain: "Maintain", review: "Review" };
