import { addMonths, daysBetween } from "../dates.js";
import { ANALYSIS_DEFAULTS } from "../config.js";
import type { Period } from "./period.js";

/**
 * Which part of a period the data covers. Growth is only fair when both the
 * period and the one before it lie wholly inside the data: comparing twelve
 * days of February with all of January would report a collapse that is not
 * there.
 */
export interface Coverage {
  /** First and last order in the whole warehouse. */
  first_order: string;
  last_order: string;
  /** The data is complete from this day (a month start) … */
  complete_from: string;
  /** … up to this day, exclusive (a month start). */
  complete_until: string;
  current: "full" | "partial" | "none";
  previous: "full" | "partial" | "none";
  /** True when growth against the previous period can be computed. */
  comparable: boolean;
  /** Months inside the period that the data covers only in part: it starts or ends on `date`. */
  partial_months: { month: string; edge: "start" | "end"; date: string }[];
}

export function dataCoverage(
  period: Pick<Period, "start" | "end" | "previous">,
  firstOrder: string,
  lastOrder: string,
  slackDays = ANALYSIS_DEFAULTS.coverageSlackDays,
): Coverage {
  // A month counts as covered when the data starts or stops within a few days
  // of its edge: small businesses do not take orders every day.
  const firstMonth = firstOrder.slice(0, 7) + "-01";
  const lastMonth = lastOrder.slice(0, 7) + "-01";
  const complete_from = dayOfMonth(firstOrder) <= 1 + slackDays ? firstMonth : addMonths(firstMonth, 1);
  const lastMonthEnd = addMonths(lastMonth, 1);
  const complete_until = daysBetween(lastOrder, lastMonthEnd) <= 1 + slackDays ? lastMonthEnd : lastMonth;
  const span = (start: string, end: string): Coverage["current"] => {
    if (end <= firstOrder || start > lastOrder) return "none";
    return start >= complete_from && end <= complete_until ? "full" : "partial";
  };
  const current = span(period.start, period.end);
  const previous = span(period.previous.start, period.previous.end);
  const partial_months: Coverage["partial_months"] = [];
  const inPeriod = (month: string) => period.start <= month && period.end > month;
  if (complete_from !== firstMonth && inPeriod(firstMonth))
    partial_months.push({ month: firstMonth.slice(0, 7), edge: "start", date: firstOrder });
  if (complete_until === lastMonth && inPeriod(lastMonth) && lastMonth !== firstMonth)
    partial_months.push({ month: lastMonth.slice(0, 7), edge: "end", date: lastOrder });
  return {
    first_order: firstOrder,
    last_order: lastOrder,
    complete_from,
    complete_until,
    current,
    previous,
    comparable: current === "full" && previous === "full",
    partial_months,
  };
}

const dayOfMonth = (iso: string): number => Number(iso.slice(8, 10));
