import assert from "node:assert/strict";
import { test } from "node:test";
import { addMonths, calendarMonth, isoDate, isWeekday, parseIsoDate, usDate } from "./calendar.js";

test("dates are written month/day/year without padding, as in the extract", () => {
  assert.equal(usDate(parseIsoDate("1996-07-04")!), "7/4/1996");
  assert.equal(usDate(parseIsoDate("1997-12-31")!), "12/31/1997");
  assert.equal(isoDate(parseIsoDate("1996-07-04")!), "1996-07-04");
});

test("only real ISO dates parse", () => {
  assert.equal(parseIsoDate("1970-01-02"), 1);
  assert.equal(parseIsoDate("1996-02-29"), 9555);
  for (const text of ["1997-02-29", "1996-13-01", "1996-7-4", "7/4/1996", ""])
    assert.equal(parseIsoDate(text), undefined, text);
});

test("adding months keeps the day, clamped to the month's end", () => {
  const day = (text: string) => parseIsoDate(text)!;
  assert.equal(isoDate(addMonths(day("1996-07-01"), 36)), "1999-07-01");
  assert.equal(isoDate(addMonths(day("1997-01-31"), 1)), "1997-02-28");
  assert.equal(isoDate(addMonths(day("1996-11-15"), 2)), "1997-01-15");
  assert.equal(calendarMonth(day("1996-12-24")), 11);
});

test("Saturdays and Sundays are not weekdays, before 1970 too", () => {
  const weekdays = ["1996-07-04", "1996-07-05", "1996-07-06", "1996-07-07", "1996-07-08"].map((d) =>
    isWeekday(parseIsoDate(d)!),
  );
  assert.deepEqual(weekdays, [true, true, false, false, true]); // Thursday to Monday
  assert.equal(isWeekday(parseIsoDate("1969-12-28")!), false); // a Sunday
  assert.equal(isWeekday(parseIsoDate("1969-12-29")!), true);
});
