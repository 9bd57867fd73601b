import type { AnalysisResult } from "../analyse/analysis.js";
import type { Period } from "../analyse/period.js";
import type { AnalysisEntry } from "./registry.js";

/**
 * Advice needs enough data. A one-month pack ranks countries on a few large
 * orders, so "invest where sales grew" after a −51.9% month would be advice
 * from noise. An analysis whose registry entry `needs` more months than the
 * period has keeps its finding and evidence, and its recommendation says the
 * period is too short for that decision and which pack to decide on instead.
 */
export function requireEnoughData(result: AnalysisResult, entry: AnalysisEntry, period: Period): AnalysisResult {
  const needs = entry.needs;
  if (!needs || !tooShortFor(entry, period)) return result;
  const length = period.months === 1 ? "A one-month period" : `A ${period.months}-month period`;
  return {
    ...result,
    commentary: {
      ...result.commentary,
      recommendation: [
        `${length} is too short to decide ${needs.decision}: a few large orders move a short period's figures, so its rankings and changes are not a basis for advice. Decide on at least ${needs.months} months, e.g. the pack of the quarter (\`--period ${quarterOf(period)}\`) or of the year.`,
      ],
    },
  };
}

/** True when the period is shorter than the analysis needs to advise (`all` is whatever the data holds). */
export function tooShortFor(entry: Pick<AnalysisEntry, "needs">, period: Pick<Period, "months" | "label">): boolean {
  return entry.needs !== undefined && period.label !== "all" && period.months < entry.needs.months;
}

/** The quarter holding the period's last month: `1997-01` → `1997-Q1`. */
export function quarterOf(period: Pick<Period, "end">): string {
  const [year, month] = period.end.split("-").map(Number);
  // `end` is exclusive: the last month is the one before it.
  const last = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  return `${last.year}-Q${Math.ceil(last.month / 3)}`;
}
