import assert from "node:assert/strict";
import { test } from "node:test";
import { d3NumberLocale, numberStyle, parseCurrency, parseLocale } from "./number-style.js";

test("the style comes from SALES_LOCALE and SALES_CURRENCY, else en-US and USD", () => {
  assert.deepEqual(numberStyle({}), { locale: "en-US", currency: "USD" });
  assert.deepEqual(numberStyle({ SALES_LOCALE: "de-de", SALES_CURRENCY: "eur" }), { locale: "de-DE", currency: "EUR" });
});

test("a bad locale or currency is refused, naming where it came from and what was expected", () => {
  assert.throws(() => parseLocale("de_DE!"), /--locale "de_DE!" is not a locale: expected a BCP 47 tag such as en-US/);
  assert.throws(() => parseCurrency("EURO"), /--currency "EURO" is not a currency: expected an ISO 4217 code/);
  assert.throws(() => numberStyle({ SALES_CURRENCY: "XYZ" }), /SALES_CURRENCY "XYZ" is not a currency/);
});

test("charts get the style as d3's locale: separators and where the currency goes", () => {
  assert.deepEqual(d3NumberLocale({ locale: "en-US", currency: "USD" }), {
    decimal: ".",
    thousands: ",",
    grouping: [3, 3],
    currency: ["$", ""],
  });
  const de = d3NumberLocale({ locale: "de-DE", currency: "EUR" });
  assert.equal(de.decimal, ",");
  assert.equal(de.thousands, ".");
  assert.deepEqual(de.currency, ["", "\u00a0€"]);
});
