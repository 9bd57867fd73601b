import type { ColumnType, SqlValue } from "../db/adapter.js";

/** A cell turned into a warehouse value, or the reason it cannot be. */
export type Parsed = { ok: true; value: SqlValue } | { ok: false; rule: string };

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses one cleaned cell as the column's type. Empty text is NULL. */
export function parseValue(text: string, type: ColumnType): Parsed {
  if (text === "") return { ok: true, value: null };
  switch (type) {
    case "integer":
      if (!INTEGER.test(text)) return { ok: false, rule: "expected a whole number" };
      if (Math.abs(Number(text)) > 2_147_483_647) return { ok: false, rule: "whole number out of range" };
      return { ok: true, value: Number(text) };
    case "money":
    case "decimal":
      if (!DECIMAL.test(text)) return { ok: false, rule: "expected a number such as 18 or 12.50" };
      return { ok: true, value: Number(text) };
    case "date":
      return parseDate(text);
    default:
      return { ok: true, value: text };
  }
}

/** US month/day/year (`7/4/1996`) or ISO (`1996-07-04`), to ISO; the date must exist. */
export function parseDate(text: string): Parsed {
  let m = US_DATE.exec(text);
  let year: number, month: number, day: number;
  if (m) [month, day, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = ISO_DATE.exec(text))) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return { ok: false, rule: "expected a date as M/D/YYYY or YYYY-MM-DD" };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return { ok: false, rule: "date does not exist" };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}
