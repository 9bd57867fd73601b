import assert from "node:assert/strict";
import { test } from "node:test";
import { addDays, daysBetween } from "../dates.js";
import { isoWeekday, monthLabel, weekdayCounts } from "./calendar.js";

test("counts each weekday of a span: July 1996 has five Mondays, Tuesdays and Wednesdays", () => {
  assert.deepEqual(weekdayCounts("1996-07-01", "1996-07-31"), [5, 5, 5, 4, 4, 4, 4]);
  assert.deepEqual(weekdayCounts("1996-07-04", "1996-07-04"), [0, 0, 0, 1, 0, 0, 0]);
});

test("does day arithmetic in UTC: 1996-07-04 was a Thursday, 224 days before 1997-02-13", () => {
  assert.equal(isoWeekday("1996-07-04"), 4);
  assert.equal(daysBetween("1996-07-04", "1997-02-13"), 224);
  assert.equal(addDays("1997-02-28", 1), "1997-03-01");
  assert.equal(monthLabel("1997-02"), "Feb 1997");
});
