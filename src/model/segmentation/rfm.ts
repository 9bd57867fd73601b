/**
 * RFM scores and the named segments marketers know.
 *
 * ## Scores
 *
 * Each buyer (a customer with at least one order up to the reference date)
 * gets three scores from 1 (worst) to 5 (best):
 *
 * - **R**ecency: days since the last order, fewer is better;
 * - **F**requency: number of orders, more is better;
 * - **M**onetary: sales, more is better.
 *
 * A score is the buyer's quintile by *mid-rank*: with `below` buyers worse
 * and `tied` buyers equal (itself included) out of `n`, the percentile is
 * `p = (below + tied / 2) / n` and the score `min(5, 1 + floor(5p))`. So:
 *
 * - equal values always get equal scores (ties never split across quintiles);
 * - when everyone ties, everyone gets 3, the middle, not an arbitrary 1 or 5;
 * - on small data the scores spread as far as the data allows (3 distinct
 *   buyers score 1, 3 and 5; a single buyer scores 3);
 * - with many one-order customers, they share one low frequency score.
 *
 * The scores are saved as thresholds, so a new customer is scored against the
 * training population: the score of a value is that of the nearest training
 * value on its worse side (1 when worse than every buyer).
 *
 * ## Segments
 *
 * Frequency and monetary value are combined as `FM = ceil((F + M) / 2)` and the
 * segment read from the R × FM grid below (rows R, columns FM); every cell has
 * exactly one segment, and customers without orders are "No purchase yet".
 *
 * | R \ FM | 1 | 2 | 3 | 4 | 5 |
 * |---|---|---|---|---|---|
 * | 5 | New | Potential loyalists | Potential loyalists | Champions | Champions |
 * | 4 | Promising | Potential loyalists | Potential loyalists | Loyal | Loyal |
 * | 3 | Need attention | Need attention | Need attention | Loyal | Loyal |
 * | 2 | Hibernating | Hibernating | At risk | At risk | Cannot lose them |
 * | 1 | Lost | Lost | At risk | At risk | Cannot lose them |
 */

export const SEGMENT_NAMES = [
  "Champions",
  "Loyal",
  "Potential loyalists",
  "New",
  "Promising",
  "Need attention",
  "At risk",
  "Cannot lose them",
  "Hibernating",
  "Lost",
  "No purchase yet",
] as const;

export type SegmentName = (typeof SEGMENT_NAMES)[number];

export const NO_PURCHASE: SegmentName = "No purchase yet";

/** What each segment means, in a marketer's words. */
export const SEGMENT_MEANINGS: Record<SegmentName, string> = {
  Champions: "bought very recently, often and for a lot",
  Loyal: "buy often and for a lot, fairly recently",
  "Potential loyalists": "recent buyers with average frequency and spend",
  New: "bought very recently for the first time or little so far",
  Promising: "recent buyers who have bought little so far",
  "Need attention": "average recency, frequency and spend: slipping towards the middle",
  "At risk": "bought often or for a lot, but not for a long time",
  "Cannot lose them": "among the biggest buyers, but not for a long time",
  Hibernating: "last order long ago, few orders and low spend",
  Lost: "the longest since the last order, with few orders and low spend",
  "No purchase yet": "on file but no order up to the reference date",
};

/** One rule of the grid: the segment of buyers whose R and FM fall in both ranges (inclusive). */
export interface SegmentRule {
  segment: SegmentName;
  r: [number, number];
  fm: [number, number];
}

/** The grid above as rules; together they cover each of the 25 cells once. */
export const SEGMENT_RULES: readonly SegmentRule[] = [
  { segment: "Champions", r: [5, 5], fm: [4, 5] },
  { segment: "Loyal", r: [3, 4], fm: [4, 5] },
  { segment: "Potential loyalists", r: [4, 5], fm: [2, 3] },
  { segment: "New", r: [5, 5], fm: [1, 1] },
  { segment: "Promising", r: [4, 4], fm: [1, 1] },
  { segment: "Need attention", r: [3, 3], fm: [1, 3] },
  { segment: "At risk", r: [1, 2], fm: [3, 4] },
  { segment: "Cannot lose them", r: [1, 2], fm: [5, 5] },
  { segment: "Hibernating", r: [2, 2], fm: [1, 2] },
  { segment: "Lost", r: [1, 1], fm: [1, 2] },
];

/** How a score is read off a value, saved in the model. */
export interface ScoreThresholds {
  /** `higher`: bigger values are better (F, M); `lower`: smaller are better (R). */
  better: "higher" | "lower";
  /**
   * For each score that occurs, the least good value that still earns it:
   * with `higher`, a value >= bound scores at least `score`; with `lower`, a
   * value <= bound does. Sorted by score. Empty when no buyer was seen.
   */
  cuts: { score: number; bound: number }[];
  /** Buyers the thresholds were computed from. */
  n: number;
}

export interface RfmThresholds {
  recency: ScoreThresholds;
  frequency: ScoreThresholds;
  monetary: ScoreThresholds;
}

/**
 * The distinct values, from worst to best, each with its mid-rank quintile
 * score. One native sort of a typed array: fast enough for a million buyers.
 */
function scoreTable(
  values: ArrayLike<number>,
  better: "higher" | "lower",
): { goodness: Float64Array; scores: Uint8Array } {
  const n = values.length;
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) sorted[i] = goodness(values[i], better);
  sorted.sort();
  const distinct: number[] = [];
  const scores: number[] = [];
  for (let start = 0; start < n;) {
    let end = start + 1;
    while (end < n && sorted[end] === sorted[start]) end++;
    distinct.push(sorted[start]);
    scores.push(Math.min(5, 1 + Math.floor((5 * (start + (end - start) / 2)) / n)));
    start = end;
  }
  return { goodness: Float64Array.from(distinct), scores: Uint8Array.from(scores) };
}

/** Mid-rank quintile score of each value (same order as `values`). */
export function quintileScores(values: readonly number[], better: "higher" | "lower"): number[] {
  const table = scoreTable(values, better);
  return values.map((v) => table.scores[lowerBound(table.goodness, goodness(v, better))]);
}

/** The thresholds that reproduce `quintileScores` on the training values. */
export function fitThresholds(values: ArrayLike<number>, better: "higher" | "lower"): ScoreThresholds {
  const table = scoreTable(values, better);
  const cuts: { score: number; bound: number }[] = [];
  // Distinct values run from worst to best, so the first of each score is its bound.
  for (let i = 0; i < table.scores.length; i++) {
    if (i === 0 || table.scores[i] !== table.scores[i - 1])
      cuts.push({ score: table.scores[i], bound: goodness(table.goodness[i], better) });
  }
  return { better, cuts, n: values.length };
}

function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The score of a value against saved thresholds. Without any buyer to compare
 * with, every value is in the middle (3), as when everyone ties.
 */
export function scoreValue(value: number, t: ScoreThresholds): number {
  if (t.cuts.length === 0) return 3;
  let score = 1;
  for (const cut of t.cuts) {
    if (goodness(value, t.better) >= goodness(cut.bound, t.better)) score = Math.max(score, cut.score);
  }
  return score;
}

export function fitRfm(buyers: readonly { recency_days: number; orders: number; sales: number }[]): RfmThresholds {
  return {
    recency: fitThresholds(
      buyers.map((b) => b.recency_days),
      "lower",
    ),
    frequency: fitThresholds(
      buyers.map((b) => b.orders),
      "higher",
    ),
    monetary: fitThresholds(
      buyers.map((b) => b.sales),
      "higher",
    ),
  };
}

export interface RfmScore {
  r: number;
  f: number;
  m: number;
  /** `ceil((F + M) / 2)`, the column of the grid. */
  fm: number;
  /** The three digits, e.g. "545", as marketers write them. */
  code: string;
}

export function scoreRfm(buyer: { recency_days: number; orders: number; sales: number }, t: RfmThresholds): RfmScore {
  const r = scoreValue(buyer.recency_days, t.recency);
  const f = scoreValue(buyer.orders, t.frequency);
  const m = scoreValue(buyer.sales, t.monetary);
  return { r, f, m, fm: Math.ceil((f + m) / 2), code: rfmCode(r, f, m) };
}

/** The 125 codes, each made once: half a million customers share them instead of a string each. */
const RFM_CODES = new Map<number, string>();

/** The three scores as marketers write them, e.g. "545" (RfmScore.code). */
export function rfmCode(r: number, f: number, m: number): string {
  const key = r * 100 + f * 10 + m;
  let code = RFM_CODES.get(key);
  if (code === undefined) RFM_CODES.set(key, (code = `${r}${f}${m}`));
  return code;
}

/** The named segment of a buyer's R and FM scores. */
export function segmentOf(r: number, fm: number, rules: readonly SegmentRule[] = SEGMENT_RULES): SegmentName {
  const rule = rules.find((x) => r >= x.r[0] && r <= x.r[1] && fm >= x.fm[0] && fm <= x.fm[1]);
  if (!rule) throw new Error(`No segment rule covers R=${r}, FM=${fm}`);
  return rule.segment;
}

/** The rules in words, for the model file and the report. */
export function describeRule(rule: SegmentRule): string {
  const range = ([a, b]: [number, number]) => (a === b ? `${a}` : `${a}–${b}`);
  return `R ${range(rule.r)} and FM ${range(rule.fm)}`;
}

/** Bigger is better after this; it is its own inverse. */
function goodness(value: number, better: "higher" | "lower"): number {
  return better === "higher" ? value : -value;
}
