import { DEFAULT_DB_URL } from "../db/connect.js";
import { numberStyle, parseCurrency, parseLocale } from "../number-style.js";
import type { OptionSpec } from "./run.js";

/** Options several commands share, described once. */

export const dbOption = {
  type: "string",
  value: "URL",
  description: "the warehouse: duckdb:PATH, postgres://user@host:5432/db or mssql://user:password@host:1433/db",
  defaultText: `SALES_DB, else ${DEFAULT_DB_URL}`,
} as const satisfies OptionSpec;

export const periodOption = {
  type: "string",
  value: "P",
  description: "all, a year 1997, a quarter 1997-Q1, a month 1997-01 or a range of months 1996-09..1997-01",
  default: "all",
} as const satisfies OptionSpec;

export const dataOption = {
  type: "string",
  value: "DIR",
  default: "data",
  description: "folder holding the extracts",
} as const satisfies OptionSpec;

export const currencyOption = {
  type: "string",
  value: "CODE",
  description: "the currency of every amount in the pack, an ISO 4217 code (USD, EUR, GBP, CHF …)",
  defaultText: "SALES_CURRENCY, else USD",
} as const satisfies OptionSpec;

export const localeOption = {
  type: "string",
  value: "TAG",
  description: "how numbers are written (grouping, decimals, where the currency goes), a BCP 47 tag (en-US, de-DE …)",
  defaultText: "SALES_LOCALE, else en-US",
} as const satisfies OptionSpec;

/**
 * Checks --currency and --locale and hands them on through SALES_CURRENCY and
 * SALES_LOCALE, which the formatters read (src/analyse/format.ts) here and in
 * the notebooks the report runs.
 */
export function applyNumberStyle(values: { currency?: string; locale?: string }): void {
  if (values.currency) process.env.SALES_CURRENCY = parseCurrency(values.currency);
  if (values.locale) process.env.SALES_LOCALE = parseLocale(values.locale);
  numberStyle(); // an unusable value already in the environment is refused before any work
}
