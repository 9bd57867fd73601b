/**
 * ISO dates as day numbers (days since 1970-01-01) by calendar arithmetic,
 * without Date objects: the API checks and converts millions of order dates.
 */

/** The day number of an ISO `YYYY-MM-DD`, or null when it is not a real calendar day. */
export function dayNumber(iso: unknown): number | null {
  // Read by character codes: no regex match or substrings per date (a batch has millions).
  if (typeof iso !== "string" || iso.length !== 10 || iso.charCodeAt(4) !== DASH || iso.charCodeAt(7) !== DASH)
    return null;
  const y = digits(iso, 0, 4);
  const month = digits(iso, 5, 2);
  const d = digits(iso, 8, 2);
  if (y < 0 || month < 1 || month > 12 || d < 1 || d > daysInMonth(y, month)) return null;
  return daysFromCivil(y, month, d);
}

const DASH = 45;
const ZERO = 48;

/** The number written by `length` ASCII digits from `from`, or -1 when one is not a digit. */
function digits(s: string, from: number, length: number): number {
  let n = 0;
  for (let i = from; i < from + length; i++) {
    const c = s.charCodeAt(i) - ZERO;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/** ISO text of a day number. */
export function isoDay(day: number): string {
  // civil_from_days (H. Hinnant)
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
