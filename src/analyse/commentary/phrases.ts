import { growth, list, money, percent } from "../format.js";

/** "rose 12.5%", "fell 3.0%", "held steady" — the verb goes with the sign. */
export function movement(rate: number, rose = "rose", fell = "fell"): string {
  if (Math.abs(rate) < 0.0005) return "held steady";
  return `${rate > 0 ? rose : fell} ${percent(Math.abs(rate))}`;
}

/** Drops the nulls a commentary builder collects conditionally. */
export const present = (items: (string | null | undefined | false)[]): string[] =>
  items.filter((s): s is string => typeof s === "string" && s.length > 0);

/** Names as prose, capped at `max`, with a pointer to the table that lists them all. */
export function names(items: readonly string[], max: number, table: string): string {
  if (items.length <= max) return list(items);
  return `${items.slice(0, max).join(", ")} and others (all in ${table})`;
}

interface Moving {
  name: string;
  sales: number;
  previous_sales: number;
  change: number | null;
}

/**
 * The largest rise and fall against the previous period, by amount rather
 * than by rate, so a customer going from $20 to $600 does not lead the list.
 */
export function movers(rows: readonly Moving[], previous: string): string | null {
  const compared = rows.filter((r) => r.change !== null);
  const delta = (r: Moving) => r.sales - r.previous_sales;
  const riser = [...compared].sort((a, b) => delta(b) - delta(a))[0];
  const faller = [...compared].sort((a, b) => delta(a) - delta(b))[0];
  const move = (r: Moving) => `${r.name} (${money(r.previous_sales)} to ${money(r.sales)}, ${growth(r.change)})`;
  const parts = [
    riser && delta(riser) > 0 && `the largest rise was ${move(riser)}`,
    faller && delta(faller) < 0 && `the largest fall was ${move(faller)}`,
  ].filter(Boolean);
  return parts.length ? `Against ${previous}, ${parts.join(" and ")}.` : null;
}
