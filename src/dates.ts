/**
 * Day arithmetic on ISO `YYYY-MM-DD` dates, in UTC so every time zone counts
 * the same days. The one place the analyses, models and exploration do it.
 * (The generator and the prediction API count in day numbers instead, for
 * speed over millions of dates.)
 */

/** English month names, January first: labels, long dates and the month words users may type. */
export const MONTH_NAMES = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const;

const DAY = 86_400_000;
const time = (iso: string): number => Date.parse(`${iso.slice(0, 10)}T00:00:00Z`);

/** Whole days from `a` to `b`. */
export const daysBetween = (a: string, b: string): number => Math.round((time(b) - time(a)) / DAY);

export function addDays(iso: string, n: number): string {
  return new Date(time(iso) + n * DAY).toISOString().slice(0, 10);
}

/** The same day of the month `n` months later (month starts stay month starts). */
export function addMonths(iso: string, n: number): string {
  const d = new Date(time(iso));
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString().slice(0, 10);
}

/** True when an ISO `YYYY-MM-DD` names a real day (not 1997-02-30 nor 1997-13-01). */
export function isCalendarDate(iso: string): boolean {
  const t = Date.parse(`${iso}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === iso;
}
