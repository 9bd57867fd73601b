import { test } from "node:test";
import assert from "node:assert/strict";
import { dayNumber, isoDay } from "./days.js";

test("day numbers agree with the calendar, leap days included, and round-trip from year 53 to year 9909", () => {
  assert.equal(dayNumber("1970-01-01"), 0);
  assert.equal(dayNumber("1997-02-12"), Date.UTC(1997, 1, 12) / 86_400_000);
  assert.equal(dayNumber("2000-02-29"), Date.UTC(2000, 1, 29) / 86_400_000);
  for (let day = -700_000; day < 2_900_000; day += 997) assert.equal(dayNumber(isoDay(day)), day);
  assert.equal(isoDay(dayNumber("1996-12-31")! + 1), "1997-01-01");
});

test("impossible dates are not day numbers", () => {
  for (const bad of [
    "1997-02-29",
    "1900-02-29",
    "1997-13-01",
    "1997-04-31",
    "1997-00-10",
    "2/3/1997",
    "1997-2-3",
    19970203,
    null,
  ]) {
    assert.equal(dayNumber(bad), null, String(bad));
  }
});
