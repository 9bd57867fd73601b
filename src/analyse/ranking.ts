/**
 * Small arithmetic shared by the analyses: shares, growth and ranks with ties.
 * Kept pure so the commentary and its tests can rely on exactly these rules.
 */

/** `part / total`, 0 when there is no total. */
export const share = (part: number, total: number): number => (total > 0 ? part / total : 0);

/** `a / b`, null when b is zero (an average over nothing is unknown, not zero). */
export const ratio = (a: number, b: number): number | null => (b !== 0 ? a / b : null);

/**
 * Change against the previous period, or null when there is nothing fair to
 * compare with: the data does not cover both periods, or the previous value
 * is zero (a rise from nothing is not a percentage).
 */
export function growthRate(current: number, previous: number, comparable: boolean): number | null {
  if (!comparable || !(previous > 0)) return null;
  return current / previous - 1;
}

/** Money compared to the cent, so float noise never splits a tie. */
const cents = (x: number): number => Math.round(x * 100);

/**
 * Standard competition ranks ("1224") of values already sorted descending:
 * equal values share the better rank.
 */
export function competitionRanks(sortedDesc: readonly number[]): number[] {
  const ranks: number[] = [];
  sortedDesc.forEach((value, i) => {
    ranks.push(i > 0 && cents(value) === cents(sortedDesc[i - 1]) ? ranks[i - 1] : i + 1);
  });
  return ranks;
}

/** Groups of two or more items with the same value (to the cent), in order. */
export function tiedGroups<T>(items: readonly T[], value: (item: T) => number): T[][] {
  const groups = new Map<number, T[]>();
  for (const item of items) {
    const key = cents(value(item));
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

/** The median of a list of numbers (0 for none). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
