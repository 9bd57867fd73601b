import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { count, growth, money, moneyCompact } from "./format.js";

const saved = { locale: process.env.SALES_LOCALE, currency: process.env.SALES_CURRENCY };
afterEach(() => {
  for (const [key, value] of [
    ["SALES_LOCALE", saved.locale],
    ["SALES_CURRENCY", saved.currency],
  ] as const)
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
});

test("money is exact in tables and compact in headlines, in US dollars by default", () => {
  delete process.env.SALES_LOCALE;
  delete process.env.SALES_CURRENCY;
  assert.equal(money(1715902527.51), "$1,715,902,527.51");
  assert.equal(moneyCompact(1715902527.51), "$1.72B");
  assert.equal(moneyCompact(386424.23), "$386K");
  assert.equal(moneyCompact(1971.55), "$1,972");
  assert.equal(count(1234), "1,234");
});

test("a pack in euros, de-DE, writes every number the German way", () => {
  process.env.SALES_LOCALE = "de-DE";
  process.env.SALES_CURRENCY = "EUR";
  assert.equal(money(83400.47), "83.400,47\u00a0€");
  assert.equal(moneyCompact(83400.47), "83.400\u00a0€");
  assert.equal(count(2401), "2.401");
  assert.equal(growth(0.309), "+30,9%");
});
