/**
 * Dates as whole days since 1970-01-01 (UTC), so that the generator counts,
 * compares and indexes days as plain integers and never meets a time zone.
 */

const MS_PER_DAY = 86_400_000;

/** The day of an ISO `YYYY-MM-DD` date, or undefined when it is not a real date. */
export function parseIsoDate(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  const back = new Date(ms);
  // Date.UTC rolls 1997-02-30 over to March; a real date survives the round trip.
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

/** The same day of the month `months` later, clamped to the month's end (Jan 31 + 1 = Feb 28/29). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), last)) / MS_PER_DAY;
}

/** US month/day/year without padding, as in the extract: `7/4/1996`. */
export function usDate(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}`;
}

export function isoDate(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** 0 = January. */
export function calendarMonth(day: number): number {
  return new Date(day * MS_PER_DAY).getUTCMonth();
}

/** Monday to Friday: the extract has no order on a weekend. */
export function isWeekday(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  return weekday !== 0 && weekday !== 6;
}
