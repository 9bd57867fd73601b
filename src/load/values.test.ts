import assert from "node:assert/strict";
import { test } from "node:test";
import { parseValue } from "./values.js";

const value = (text: string, type: Parameters<typeof parseValue>[1]) => {
  const parsed = parseValue(text, type);
  return parsed.ok ? parsed.value : `! ${parsed.rule}`;
};

test("whole numbers accept a sign and refuse decimals, exponents and overflow", () => {
  assert.deepEqual(
    ["12", "-5", "+7", "", "1.5", "1e3", "abc", "2147483647", "2147483648", "99999999999", "-"].map((t) =>
      value(t, "integer"),
    ),
    [
      12,
      -5,
      7,
      null,
      "! expected a whole number",
      "! expected a whole number",
      "! expected a whole number",
      2147483647,
      "! whole number out of range (beyond ±2,147,483,647)",
      "! whole number out of range (beyond ±2,147,483,647)",
      "! expected a whole number",
    ],
  );
});

test("leading zeros are not digits of a whole number, however many", () => {
  assert.deepEqual(
    ["007", "-0042", "+000", "000000000000000000002147483647", "000000000002147483648", "00000000000x"].map((t) =>
      value(t, "integer"),
    ),
    [7, -42, 0, 2147483647, "! whole number out of range (beyond ±2,147,483,647)", "! expected a whole number"],
  );
});

test("money is kept to the cent, rounding half away from zero", () => {
  assert.deepEqual(
    ["18", "12.5", "12.345", "-0.005", ".5", "1e3", "12,5"].map((t) => value(t, "money")),
    [18, 12.5, 12.35, -0.01, 0.5, "! expected a number such as 18 or 12.50", "! expected a number such as 18 or 12.50"],
  );
});

test("dates are US month/day/year or ISO, and must exist", () => {
  assert.deepEqual(
    [
      "7/4/1996",
      "07/04/1996",
      "1996-07-04",
      "2/29/1996",
      "2/30/1997",
      "1997-02-29",
      "13/1/1997",
      "4/31/1997",
      "4.7.1996",
    ].map((t) => value(t, "date")),
    [
      "1996-07-04",
      "1996-07-04",
      "1996-07-04",
      "1996-02-29",
      "! date does not exist: February 1997 has 28 days",
      "! date does not exist: February 1997 has 28 days",
      "! date does not exist: there is no month 13 (dates are read as month/day/year)",
      "! date does not exist: April 1997 has 30 days",
      "! expected a date as M/D/YYYY (7/4/1996) or YYYY-MM-DD (1996-07-04)",
    ],
  );
});

test("text stays text, leading zeros included", () => {
  assert.equal(value("05021", "text"), "05021");
  assert.equal(value("", "text"), null);
});
