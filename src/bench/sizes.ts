/**
 * The data set sizes of `npm run bench`, in order lines.
 *
 * Grammar: a comma-separated list of sizes, each a whole or decimal number
 * with an optional suffix K (thousand) or M (million), case-insensitive:
 * `1M`, `10M`, `250K`, `2.5M`, `400000`. Each size must come to at least
 * 1,000 lines; a size given twice is run once.
 */

export interface BenchSize {
  /** As the table shows it, e.g. "10M". */
  label: string;
  /** Order lines wanted (the generator writes about this many). */
  lines: number;
  /** Orders to generate: `lines / LINES_PER_ORDER`, rounded. */
  orders: number;
}

/** Order lines per order in the generated business (10M lines is about 3.85M orders). */
const LINES_PER_ORDER = 2.6;

const SIZE = /^(\d+(?:\.\d+)?)([km]?)$/i;
const SCALE: Record<string, number> = { "": 1, k: 1e3, m: 1e6 };

export class SizeError extends Error {
  override name = "SizeError";
}

export function parseSizes(text: string): BenchSize[] {
  const sizes: BenchSize[] = [];
  for (const part of text.split(",").map((s) => s.trim())) {
    const m = SIZE.exec(part);
    if (!m)
      throw new SizeError(
        `${JSON.stringify(part)} is not a size: expected order lines such as 250K, 1M or 10M, comma-separated`,
      );
    const lines = Math.round(Number(m[1]) * SCALE[m[2].toLowerCase()]);
    if (lines < 1000) throw new SizeError(`${JSON.stringify(part)} is too small: expected at least 1K order lines`);
    const label = `${m[1]}${m[2].toUpperCase()}`;
    if (!sizes.some((s) => s.lines === lines))
      sizes.push({ label, lines, orders: Math.round(lines / LINES_PER_ORDER) });
  }
  return sizes;
}
