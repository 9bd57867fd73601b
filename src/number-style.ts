/**
 * How numbers are written for a pack: a BCP 47 locale (`en-US`, `de-DE`,
 * `fr-CH`) for grouping and decimals, and an ISO 4217 currency code (`USD`,
 * `EUR`, `CHF`) for money. The report's `--locale` and `--currency` set them
 * through SALES_LOCALE and SALES_CURRENCY, so the notebooks it runs (in this
 * process or in workers) write every number the same way.
 */

export interface NumberStyle {
  locale: string;
  currency: string;
}

const DEFAULT_NUMBER_STYLE: NumberStyle = { locale: "en-US", currency: "USD" };

class NumberStyleError extends Error {
  override name = "NumberStyleError";
}

/** `de-DE` → `de-DE`; anything Intl does not know as a locale is refused, naming where it came from. */
export function parseLocale(text: string, source = "--locale"): string {
  try {
    const [canonical] = Intl.getCanonicalLocales(text.trim());
    if (canonical) return canonical;
  } catch {
    // RangeError: not a BCP 47 tag; said below with what was expected.
  }
  throw new NumberStyleError(
    `${source} "${text}" is not a locale: expected a BCP 47 tag such as en-US, de-DE or fr-CH`,
  );
}

/** `eur` → `EUR`; a code outside ISO 4217 (as Intl knows it) is refused. */
export function parseCurrency(text: string, source = "--currency"): string {
  const code = text.trim().toUpperCase();
  if (/^[A-Z]{3}$/.test(code) && Intl.supportedValuesOf("currency").includes(code)) return code;
  throw new NumberStyleError(
    `${source} "${text}" is not a currency: expected an ISO 4217 code such as USD, EUR or GBP`,
  );
}

/** The style the environment asks for (SALES_LOCALE, SALES_CURRENCY), else en-US and USD; checked once per value. */
export function numberStyle(env: NodeJS.ProcessEnv = process.env): NumberStyle {
  const key = `${env.SALES_LOCALE ?? ""}\0${env.SALES_CURRENCY ?? ""}`;
  let style = styles.get(key);
  if (!style) {
    style = {
      locale: env.SALES_LOCALE ? parseLocale(env.SALES_LOCALE, "SALES_LOCALE") : DEFAULT_NUMBER_STYLE.locale,
      currency: env.SALES_CURRENCY
        ? parseCurrency(env.SALES_CURRENCY, "SALES_CURRENCY")
        : DEFAULT_NUMBER_STYLE.currency,
    };
    styles.set(key, style);
  }
  return style;
}
const styles = new Map<string, NumberStyle>();

/**
 * The style as d3-format's locale, which Vega formats chart labels with: the
 * `$` of a chart's format then writes the pack's currency where its locale
 * puts it (`1.234 €` in de-DE), with its separators.
 */
export function d3NumberLocale(style: NumberStyle = numberStyle()): {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
} {
  const parts = new Intl.NumberFormat(style.locale, { style: "currency", currency: style.currency }).formatToParts(
    1234567.5,
  );
  const at = (type: string) => parts.findIndex((p) => p.type === type);
  const text = (from: number, to: number) =>
    parts
      .slice(from, to)
      .map((p) => p.value)
      .join("");
  const symbol = at("currency");
  const firstDigit = at("integer");
  const lastDigit = Math.max(at("fraction"), parts.map((p) => p.type).lastIndexOf("integer"));
  const groups = parts.filter((p) => p.type === "integer").map((p) => p.value.length);
  return {
    decimal: parts.find((p) => p.type === "decimal")?.value ?? ".",
    thousands: parts.find((p) => p.type === "group")?.value ?? ",",
    // d3 repeats the last size: [3] for 1,234,567; Indian grouping gives [3, 2].
    grouping: groups.length >= 3 ? [groups[groups.length - 1], groups[groups.length - 2]] : [3],
    currency: symbol < firstDigit ? [text(symbol, firstDigit), ""] : ["", text(lastDigit + 1, symbol + 1)],
  };
}
