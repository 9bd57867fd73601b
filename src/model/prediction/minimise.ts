import type numericApi from "numeric";
import type { UncminResult } from "numeric";
import { requireCommonJs } from "../../commonjs.js";

const numeric = requireCommonJs<typeof numericApi>("numeric");

/**
 * An objective whose one pass gives both the value at `theta` and, written
 * into `gradient`, its gradient there: the likelihoods of BG/NBD and of the
 * Gamma-Gamma spend model share their terms between the two.
 */
export type Objective = (theta: number[], gradient: number[]) => number;

export interface MinimiseOptions {
  /**
   * Where the parameters stop meaning anything: beyond ±wall in any
   * coordinate (log-parameters, so e^±wall) the value is Infinity, a wall
   * that keeps the line search inside.
   */
  wall: number;
  maxIterations: number;
}

/**
 * BFGS (numeric's `uncmin`, tolerance 1e-9) on an objective with its
 * analytic gradient. uncmin asks for the value and the gradient at the same
 * point in turn: the pass that gave the one is kept for the other. A NaN
 * value counts as Infinity, so the line search backs off from it.
 */
export function minimise(objective: Objective, theta0: number[], options: MinimiseOptions): UncminResult {
  let cached: { key: string; value: number; gradient: number[] } | null = null;
  const evaluate = (theta: number[]) => {
    const key = theta.join(",");
    if (cached?.key !== key) {
      const gradient = theta.map(() => 0);
      const value = theta.every((t) => Math.abs(t) < options.wall) ? objective(theta, gradient) : Infinity;
      cached = { key, value: Number.isNaN(value) ? Infinity : value, gradient };
    }
    return cached;
  };
  return numeric.uncmin(
    (t) => evaluate(t).value,
    theta0,
    1e-9,
    (t) => evaluate(t).gradient,
    options.maxIterations,
  );
}
