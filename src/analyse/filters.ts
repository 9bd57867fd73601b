import type { Database } from "../db/adapter.js";
import { sqlFile } from "../db/sql.js";
import type { Filters } from "./analysis.js";
import { didYouMean } from "../closest.js";

export class FilterError extends Error {
  override name = "FilterError";
}

/**
 * Checks `--country` and `--category` against the warehouse and returns them
 * spelled as the data spells them ("germany" → "Germany"), so a typo is an
 * error that lists the choices rather than an empty report.
 */
export async function resolveFilters(db: Database, filters: Filters = {}): Promise<Filters> {
  const wanted = Object.entries(filters).filter(([, v]) => v !== undefined && v !== null && String(v).trim() !== "");
  if (wanted.length === 0) return {};
  const rows = await db.query<{ kind: string; value: string }>(sqlFile("analyses/filter_values", db.dialect));
  const out: Filters = {};
  for (const [kind, value] of wanted as [keyof Filters, string][]) {
    if (kind !== "country" && kind !== "category")
      throw new FilterError(`Unknown filter "${kind}": expected country or category`);
    const choices = rows
      .filter((r) => r.kind === kind)
      .map((r) => r.value)
      .sort((a, b) => a.localeCompare(b));
    const match = choices.find((c) => c.localeCompare(value.trim(), "en", { sensitivity: "accent" }) === 0);
    if (!match)
      throw new FilterError(
        `Unknown ${kind} "${value}"${didYouMean(value.trim(), choices)}: expected one of ${choices.join(", ")}`,
      );
    out[kind] = match;
  }
  return out;
}

/** "Germany, Beverages" — how a filtered report names its scope. */
export function describeFilters(filters: Filters): string {
  return [filters.country, filters.category].filter(Boolean).join(", ");
}
