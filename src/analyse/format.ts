/**
 * How every figure is written, in commentary, tables, charts and e-mails alike:
 * money with a currency sign, thousands separators and cents; shares and growth
 * as percentages with one decimal; counts as whole numbers.
 */

const moneyFormat = new Intl.NumberFormat("en-US", {
  style: "currency",
  currency: "USD",
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
const countFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** `$35,631.21` */
export const money = (x: number): string => moneyFormat.format(x);

/** `1,234` */
export const count = (x: number): string => countFormat.format(x);

/** `9.2%` from a share 0.092. */
export const percent = (share: number): string => `${decimalFormat.format(share * 100)}%`;

/** `+12.5%` / `-3.0%` from a growth rate; "n/a" when there is nothing to compare with. */
export const growth = (rate: number | null | undefined): string =>
  rate === null || rate === undefined || !Number.isFinite(rate)
    ? "n/a"
    : `${rate >= 0 ? "+" : "-"}${decimalFormat.format(Math.abs(rate) * 100)}%`;

/** `1.5` */
export const decimal = (x: number): string => decimalFormat.format(x);

/** Joins names as prose: "A", "A and B", "A, B and C". */
export function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** "1 order" / "2 orders" */
export const plural = (n: number, word: string, many = `${word}s`): string => `${count(n)} ${n === 1 ? word : many}`;
