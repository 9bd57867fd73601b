import type { Filters } from "../analysis.js";

/** " in Germany", " of Beverages in Germany", "" — the filters as a phrase. */
export function scopeOf(filters: Filters): string {
  const category = filters.category ? ` of ${filters.category}` : "";
  const country = filters.country ? ` to customers in ${filters.country}` : "";
  return `${category}${country}`;
}
