import { join } from "node:path";
import type { Filters } from "../analyse/analysis.js";
import { describeFilters } from "../analyse/filters.js";

/**
 * Where a period's outputs go by default. A module of its own, light to
 * import: the commands name the folder (in --help, before any work) without
 * loading the analyses and the chart renderer.
 */

/** `reports/1997-01`, `reports/all-germany`, `reports/1997-q1-germany-beverages`. */
export function defaultOutDir(period: string, filters: Filters = {}): string {
  const scope = describeFilters(filters);
  return join(
    "reports",
    [period, scope]
      .filter(Boolean)
      .join("-")
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^A-Za-z0-9.]+/g, "-")
      .toLowerCase(),
  );
}
