import { numberStyle, type NumberStyle } from "../number-style.js";

/**
 * How every figure is written, in commentary, tables, charts and e-mails alike:
 * money with a currency sign, thousands separators and cents; shares and growth
 * as percentages with one decimal; counts as whole numbers. The locale and the
 * currency come from the environment (src/analyse/number-style.ts): en-US and
 * USD unless a pack asks for others (`--locale de-DE --currency EUR`).
 */

interface Formats {
  money: Intl.NumberFormat;
  compact: Intl.NumberFormat;
  whole: Intl.NumberFormat;
  count: Intl.NumberFormat;
  decimal: Intl.NumberFormat;
}

const cache = new Map<string, Formats>();

/** The formatters of the current style, built (and the environment checked) once per locale and currency. */
function formats(): Formats {
  const key = `${process.env.SALES_LOCALE ?? ""} ${process.env.SALES_CURRENCY ?? ""}`;
  let f = cache.get(key);
  if (!f) {
    const { locale, currency }: NumberStyle = numberStyle();
    f = {
      money: new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        minimumFractionDigits: 2,
        maximumFractionDigits: 2,
      }),
      // Three significant digits at most: $1.72B, $386K.
      compact: new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        notation: "compact",
        maximumSignificantDigits: 3,
      }),
      whole: new Intl.NumberFormat(locale, { style: "currency", currency, maximumFractionDigits: 0 }),
      count: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
      decimal: new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
    };
    cache.set(key, f);
  }
  return f;
}

/** `$35,631.21` (exact: tables, commentary). */
export const money = (x: number): string => formats().money.format(x);

/** `$1.72B`, `$386K`, `$1,972`: headlines and tiles, where the scale matters more than the cents. */
export const moneyCompact = (x: number): string =>
  // Below ten thousand, whole units read better than "$1.97K".
  Math.abs(x) < 10_000 ? formats().whole.format(x) : formats().compact.format(x);

/** `1,234` */
export const count = (x: number): string => formats().count.format(x);

/** `9.2%` from a share 0.092. */
export const percent = (share: number): string => `${formats().decimal.format(share * 100)}%`;

/** `+12.5%` / `-3.0%` from a growth rate; "n/a" when there is nothing to compare with. */
export const growth = (rate: number | null | undefined): string =>
  rate === null || rate === undefined || !Number.isFinite(rate)
    ? "n/a"
    : `${rate >= 0 ? "+" : "-"}${formats().decimal.format(Math.abs(rate) * 100)}%`;

/** `1.5` */
export const decimal = (x: number): string => formats().decimal.format(x);

/** Joins names as prose: "A", "A and B", "A, B and C". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "1 order" / "2 orders" */
export const plural = (n: number, word: string, many = `${word}s`): string => `${count(n)} ${n === 1 ? word : many}`;
