import { numberStyle } from "../number-style.js";

/**
 * Number formats, written once so charts, captions and tables agree.
 *
 * Conventions (in US dollars and en-US grouping unless the pack asks for
 * another currency and locale, src/number-style.ts; the charts' `$` formats
 * follow it through the View's locale, src/charts/render.ts):
 * - money values (data labels, tooltips): whole dollars, `$69,612`;
 * - money on axes: compact, `$70K`, `$1.2M`, `$500` — axes show scale, labels show values;
 * - shares and margins: whole percent, `23%`; tooltips add one decimal, `23.4%`;
 * - growth: signed whole percent, `+12%`, `−8%`.
 * Negative numbers use the typographic minus `−` (U+2212), as d3-format does,
 * so the TypeScript formatters below print exactly what the charts print.
 */

/** d3-format strings, used in Vega-Lite `format` properties and `format()` expressions. */
export const FORMAT = {
  currency: "$,.0f",
  percent: ".0%",
  percentPrecise: ".1%",
  growth: "+.0%",
  integer: ",.0f",
} as const;

const MINUS = "\u2212";

/** Whole numbers and whole amounts in the pack's locale and currency (SALES_LOCALE, SALES_CURRENCY). */
function wholes(): { grouped: Intl.NumberFormat; money: Intl.NumberFormat } {
  const { locale, currency } = numberStyle();
  const key = `${locale} ${currency}`;
  let f = formatters.get(key);
  if (!f) {
    f = {
      grouped: new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }),
      money: new Intl.NumberFormat(locale, {
        style: "currency",
        currency,
        maximumFractionDigits: 0,
        minimumFractionDigits: 0,
      }),
    };
    formatters.set(key, f);
  }
  return f;
}
const formatters = new Map<string, ReturnType<typeof wholes>>();

/** Prefixes the sign, unless rounding left nothing but zeros (no "−0%"). */
function signed(value: number, body: string, plus = false): string {
  if (!/[1-9]/.test(body)) return body;
  if (value < 0) return MINUS + body;
  return plus && value > 0 ? "+" + body : body;
}

/** `69611.75` → `$69,612` (same output as the `$,.0f` chart format). */
export function formatCurrency(value: number): string {
  return signed(value, wholes().money.format(Math.abs(value)));
}

/** `1234.4` → `1,234`. */
export function formatInteger(value: number): string {
  return signed(value, wholes().grouped.format(Math.abs(value)));
}

const oneDecimal = new Intl.NumberFormat("en-US", { maximumFractionDigits: 1 });

/** `2.5` → `2.5`, `1234` → `1,234`: plain measures such as days, at most one decimal. */
export function formatNumber(value: number): string {
  const body = oneDecimal.format(Math.abs(value));
  return signed(value, body);
}

/** `0.234` → `23%`; `digits` adds decimals. */
export function formatPercent(share: number, digits = 0): string {
  const body = (Math.abs(share) * 100).toFixed(digits);
  return signed(share, body + "%");
}

/** `0.12` → `+12%`, `-0.08` → `−8%`. */
export function formatGrowth(share: number): string {
  const body = (Math.abs(share) * 100).toFixed(0);
  return signed(share, body + "%", true);
}

/**
 * Vega expression for compact money axis labels (`$70K`, `$1.2M`). Uses only
 * `format` and `abs`, which Vega-Lite 5 front ends understand.
 */
export function compactCurrencyExpr(field = "datum.value"): string {
  // The scale letter follows the last digit, before a currency written after the number (2,5M € in de-DE).
  const scaled = (divisor: string, letter: string) =>
    `replace(format(${field} / ${divisor}, '$,.1~f'), regexp('([0-9])([^0-9]*)$'), '$1${letter}$2')`;
  return (
    `abs(${field}) >= 1e6 ? ${scaled("1e6", "M")} : ` +
    `abs(${field}) >= 1e3 ? ${scaled("1e3", "K")} : ` +
    `format(${field}, '$,.0f')`
  );
}
