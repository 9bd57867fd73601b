import { MONTH_NAMES } from "../../dates.js";

/**
 * The month the fiscal year starts in, as the user gives it
 * (`--fiscal-year-start`, SALES_FISCAL_YEAR_START): a month number 1-12 or an
 * English month name, full or three letters ("7", "07", "July", "jul").
 * January (the default) makes the fiscal year the calendar year. A fiscal
 * year is named by the calendar year it ends in, as most companies do: with a
 * July start, 1996-07-01 to 1997-06-30 is FY1997.
 */

export class FiscalYearStartError extends Error {
  override name = "FiscalYearStartError";
}

/** The month (1-12) a fiscal year starts in; `where` names the option or variable for the message. */
export function parseFiscalYearStart(text: string | undefined, where = "--fiscal-year-start"): number {
  if (text === undefined || text.trim() === "") return 1;
  const s = text.trim();
  if (/^\d{1,2}$/.test(s)) {
    const n = Number(s);
    if (n >= 1 && n <= 12) return n;
  } else {
    const lower = s.toLowerCase();
    const i = MONTH_NAMES.findIndex((m) => m.toLowerCase() === lower || m.slice(0, 3).toLowerCase() === lower);
    if (i >= 0) return i + 1;
  }
  throw new FiscalYearStartError(
    `${where}: expected the month the fiscal year starts in, as a number 1-12 or a month name (e.g. 7 or July), got "${text}"`,
  );
}

/** The fiscal year (named by the calendar year it ends in) and the month within it, 1-12. */
export function fiscalOf(year: number, month: number, startMonth: number): { year: number; month: number } {
  if (startMonth === 1) return { year, month };
  return {
    year: month >= startMonth ? year + 1 : year,
    month: ((month - startMonth + 12) % 12) + 1,
  };
}
