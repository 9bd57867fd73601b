// numeric ships no types; this declares the one function we use, read from
// its source (node_modules/numeric/numeric-1.2.6.js, `numeric.uncmin`).
declare module "numeric" {
  export interface UncminResult {
    solution: number[];
    f: number;
    gradient: number[];
    invHessian: number[][];
    iterations: number;
    /** Why it stopped, e.g. "Newton step smaller than tol", "maxit reached during line search". */
    message: string;
  }
  /** BFGS quasi-Newton minimisation with a backtracking (Armijo) line search. */
  export function uncmin(
    f: (x: number[]) => number,
    x0: number[],
    tol?: number,
    gradient?: (x: number[]) => number[],
    maxit?: number,
  ): UncminResult;
  const numeric: { uncmin: typeof uncmin };
  export default numeric;
}
