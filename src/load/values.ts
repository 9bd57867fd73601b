import type { ColumnType, SqlValue } from "../db/adapter.js";
import { MONTH_NAMES } from "../dates.js";

/**
 * Cells turned into warehouse values. The loader calls these once per cell of
 * millions of rows, so a bad cell is a shared `Invalid` constant rather than
 * a fresh result object, and repeated dates are parsed once.
 */

/** Why a cell cannot be a value of its column. */
export class Invalid {
  constructor(readonly rule: string) {}
}

export type Cell = SqlValue | Invalid;

/** A cell turned into a warehouse value, or the reason it cannot be. */
export type Parsed = { ok: true; value: SqlValue } | { ok: false; rule: string };

const NOT_INTEGER = new Invalid("expected a whole number");
const OUT_OF_RANGE = new Invalid("whole number out of range (beyond ±2,147,483,647)");
const NOT_NUMBER = new Invalid("expected a number such as 18 or 12.50");
const NOT_DATE = new Invalid("expected a date as M/D/YYYY (7/4/1996) or YYYY-MM-DD (1996-07-04)");
const NO_SUCH_DATE = new Invalid("date does not exist (years before 1000 are not dates of this business)");

const INTEGER_TEXT = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
/** A midnight time after the date is accepted: SQL Server writes datetime columns as `1996-07-04 00:00:00.000`. */
const MIDNIGHT = "(?:[ T](?:0?0:00(?::00(?:\\.0{1,7})?)?|12:00(?::00)? ?AM))?";
const US_DATE = new RegExp(`^(\\d{1,2})/(\\d{1,2})/(\\d{4})${MIDNIGHT}$`, "i");
const ISO_DATE = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${MIDNIGHT}$`, "i");
const TIME_OF_DAY = /^\S+[ T]\d{1,2}:\d{2}/;
const NOT_MIDNIGHT = new Invalid(
  "expected a date: this one has a time of day other than midnight (the extracts hold order dates, not times)",
);

/** Parses one trimmed cell as the column's type. Empty text is NULL. */
export const parseCell: Record<ColumnType, (text: string) => Cell> = {
  integer(text) {
    // Digit by digit: the commonest cell of a load, and twice as fast as a regex and Number().
    const length = text.length;
    if (length === 0) return null;
    const sign = text.charCodeAt(0);
    let i = sign === 45 || sign === 43 ? 1 : 0; // - or +
    if (i === length) return NOT_INTEGER;
    // Leading zeros are not digits of the value: keys exported zero-padded ("000000010248") are whole numbers.
    while (i < length - 1 && text.charCodeAt(i) === 48) i++;
    if (length - i > 10) return INTEGER_TEXT.test(text) ? OUT_OF_RANGE : NOT_INTEGER;
    let n = 0;
    for (; i < length; i++) {
      const digit = text.charCodeAt(i) - 48;
      if (digit < 0 || digit > 9) return NOT_INTEGER;
      n = n * 10 + digit;
    }
    if (sign === 45) n = -n;
    return n > 2_147_483_647 || n < -2_147_483_648 ? OUT_OF_RANGE : n;
  },
  /** Money is kept to the cent, rounded half away from zero from the text itself, so every backend stores the same. */
  money(text) {
    if (text === "") return null;
    if (!DECIMAL.test(text)) return NOT_NUMBER;
    const cents = Number(`${text.replace(/^[+-]/, "")}e2`);
    return (text.startsWith("-") ? -1 : 1) * (Math.round(cents) / 100);
  },
  decimal(text) {
    if (text === "") return null;
    return DECIMAL.test(text) ? Number(text) : NOT_NUMBER;
  },
  text(text) {
    return text === "" ? null : text;
  },
  date(text) {
    if (text === "") return null;
    let cell = dates.get(text);
    if (cell === undefined) {
      if (dates.size >= 100_000) dates.clear();
      dates.set(text, (cell = parseDateCell(text)));
    }
    return cell;
  },
};

const dates = new Map<string, Cell>();

/** US month/day/year (`7/4/1996`) or ISO (`1996-07-04`), to ISO; the date must exist. */
function parseDateCell(text: string): Cell {
  let m = US_DATE.exec(text);
  let year: number, month: number, day: number;
  if (m) [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = ISO_DATE.exec(text))) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return TIME_OF_DAY.test(text) ? NOT_MIDNIGHT : NOT_DATE;
  if (year < 1000) return NO_SUCH_DATE;
  if (month < 1 || month > 12)
    return new Invalid(
      `date does not exist: there is no month ${month}${text.includes("/") ? " (dates are read as month/day/year)" : ""}`,
    );
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > last)
    return new Invalid(`date does not exist: ${MONTH_NAMES[month - 1]} ${year} has ${last} days`);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The same as `parseCell`, as a result object: for callers outside the hot loop. */
export function parseValue(text: string, type: ColumnType): Parsed {
  const cell = parseCell[type](text);
  return cell instanceof Invalid ? { ok: false, rule: cell.rule } : { ok: true, value: cell };
}
