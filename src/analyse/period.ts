import { addDays } from "../dates.js";
import type { Database } from "../db/adapter.js";

/**
 * A reporting period: `all`, a year `1997`, a quarter `1997-Q1`, a month
 * `1997-01` or a range of months `1996-09..1997-01`. Dates are ISO text;
 * `end` is exclusive, so `order_date >= start AND order_date < end` selects it.
 */
export interface Period {
  label: string;
  start: string;
  end: string;
  /** Whole months covered. */
  months: number;
  /** The period of the same length just before, for growth figures. */
  previous: { label: string; start: string; end: string };
}

export class PeriodError extends Error {
  override name = "PeriodError";
}

export type PeriodSpec = string;

interface MonthSpan {
  /** Months since year 0, `year * 12 + month - 1`. */
  first: number;
  /** Exclusive. */
  last: number;
}

const YEAR = /^(\d{4})$/;
const QUARTER = /^(\d{4})-Q([1-4])$/i;
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** Parses a period whose bounds do not depend on the data (everything but `all`). */
export function parseSpan(spec: string): MonthSpan {
  const s = spec.trim();
  let m: RegExpExecArray | null;
  if ((m = YEAR.exec(s))) return { first: Number(m[1]) * 12, last: Number(m[1]) * 12 + 12 };
  if ((m = QUARTER.exec(s))) {
    const first = Number(m[1]) * 12 + (Number(m[2]) - 1) * 3;
    return { first, last: first + 3 };
  }
  if ((m = MONTH.exec(s))) {
    const first = Number(m[1]) * 12 + Number(m[2]) - 1;
    return { first, last: first + 1 };
  }
  if (s.includes("..")) {
    const [from, to] = s.split("..");
    const a = parseSpan(from);
    const b = parseSpan(to);
    if (b.last <= a.first) throw new PeriodError(`Period range "${spec}" ends before it starts`);
    return { first: a.first, last: b.last };
  }
  throw new PeriodError(
    `Unknown period "${spec}": expected all, a year (1997), a quarter (1997-Q1), a month (1997-01) or a range (1996-09..1997-01)`,
  );
}

/** `all`, in any case and with spaces around: the months that hold orders, which only the data can say. */
const isAll = (spec: string): boolean => spec.trim().toLowerCase() === "all";

/** Throws PeriodError unless `spec` is written as a period can be; whether the data holds it is not asked. */
export function checkPeriodSpec(spec: string): void {
  if (!isAll(spec)) parseSpan(spec);
}

/** Resolves a period spec; `all` spans the months that hold orders. */
export async function resolvePeriod(db: Database, spec: PeriodSpec = "all"): Promise<Period> {
  if (!isAll(spec)) return periodFromSpan(spec.trim(), parseSpan(spec));
  const [row] = await db.query<{ first: string | null; last: string | null }>(
    "SELECT MIN(order_date) AS first, MAX(order_date) AS last FROM orders",
  );
  if (!row?.first || !row.last)
    throw new PeriodError("The warehouse holds no orders: load the extracts first (npm run warehouse)");
  const span = { first: monthIndex(row.first), last: monthIndex(row.last) + 1 };
  return periodFromSpan("all", span);
}

export function periodFromSpan(label: string, span: MonthSpan): Period {
  const months = span.last - span.first;
  const prev = { first: span.first - months, last: span.first };
  return {
    label,
    start: monthDate(span.first),
    end: monthDate(span.last),
    months,
    previous: { label: spanLabel(prev), start: monthDate(prev.first), end: monthDate(prev.last) },
  };
}

/** Every month of a period as `YYYY-MM`, in order. */
export function monthsOf(period: Pick<Period, "start" | "end">): string[] {
  const out: string[] = [];
  for (let m = monthIndex(period.start); m < monthIndex(period.end); m++) out.push(monthDate(m).slice(0, 7));
  return out;
}

/** Splits a range into consecutive periods of one month or one quarter (for periodic packs). */
export function splitPeriod(spec: string, every: "month" | "quarter"): string[] {
  const span = parseSpan(spec);
  const step = every === "month" ? 1 : 3;
  const out: string[] = [];
  for (let m = span.first; m < span.last; m += step) {
    const year = Math.floor(m / 12);
    out.push(every === "month" ? monthDate(m).slice(0, 7) : `${year}-Q${Math.floor((m % 12) / 3) + 1}`);
  }
  return out;
}

/** The last day inside the period, as ISO text (the reference date for recency). */
export function lastDay(period: Pick<Period, "end">): string {
  return addDays(period.end, -1);
}

function monthIndex(iso: string): number {
  return Number(iso.slice(0, 4)) * 12 + Number(iso.slice(5, 7)) - 1;
}

function monthDate(index: number): string {
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-01`;
}

function spanLabel(span: MonthSpan): string {
  const a = monthDate(span.first).slice(0, 7);
  const b = monthDate(span.last - 1).slice(0, 7);
  return a === b ? a : `${a}..${b}`;
}
