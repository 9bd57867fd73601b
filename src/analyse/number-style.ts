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

export const DEFAULT_NUMBER_STYLE: NumberStyle = { locale: "en-US", currency: "USD" };

export class NumberStyleError extends Error {
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

/** The style the environment asks for (SALES_LOCALE, SALES_CURRENCY), else en-US and USD. */
export function numberStyle(env: NodeJS.ProcessEnv = process.env): NumberStyle {
  return {
    locale: env.SALES_LOCALE ? parseLocale(env.SALES_LOCALE, "SALES_LOCALE") : DEFAULT_NUMBER_STYLE.locale,
    currency: env.SALES_CURRENCY ? parseCurrency(env.SALES_CURRENCY, "SALES_CURRENCY") : DEFAULT_NUMBER_STYLE.currency,
  };
}
