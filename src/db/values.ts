import type { Row } from "./adapter.js";

/**
 * Brings a driver's value to the shape every backend returns: bigint and
 * decimal to number, dates to ISO text. Money sums stay exact because they are
 * summed as DECIMAL in SQL and only converted once, at the end.
 */
export function normaliseValue(value: unknown): Row[string] {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (value instanceof Date) return isoDate(value);
  if (typeof value === "number" || typeof value === "string" || typeof value === "boolean") return value;
  return String(value);
}

/** `YYYY-MM-DD` for a date at midnight UTC, a full ISO timestamp otherwise. */
function isoDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
}
