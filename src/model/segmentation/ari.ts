/**
 * The adjusted Rand index (Hubert & Arabie, 1985): how well two labellings of
 * the same items agree, corrected for chance. 1 is identical up to renaming
 * the labels, about 0 is chance, negative is worse than chance.
 */
export function adjustedRandIndex(a: readonly (number | string)[], b: readonly (number | string)[]): number {
  if (a.length !== b.length)
    throw new Error(`adjustedRandIndex: the labellings differ in length (${a.length} and ${b.length})`);
  const n = a.length;
  if (n < 2) return 1;
  const table = new Map<string, number>();
  const rows = new Map<number | string, number>();
  const cols = new Map<number | string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}\u0000${b[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(a[i], (rows.get(a[i]) ?? 0) + 1);
    cols.set(b[i], (cols.get(b[i]) ?? 0) + 1);
  }
  const pairs = (x: number) => (x * (x - 1)) / 2;
  let index = 0;
  for (const x of table.values()) index += pairs(x);
  let sumRows = 0;
  for (const x of rows.values()) sumRows += pairs(x);
  let sumCols = 0;
  for (const x of cols.values()) sumCols += pairs(x);
  const expected = (sumRows * sumCols) / pairs(n);
  const max = (sumRows + sumCols) / 2;
  // Both labellings put everything in one group (or each item alone): they agree.
  if (max === expected) return 1;
  return (index - expected) / (max - expected);
}
