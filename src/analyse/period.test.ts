import assert from "node:assert/strict";
import { test } from "node:test";
import { checkPeriodSpec } from "./period.js";

test("a period is checked by its grammar alone: all, a year, a quarter, a month or a range of them", () => {
  for (const spec of ["all", " ALL ", "1997", "1997-Q1", "1997-q4", "1997-01", "1996-09..1997-01", "1996..1997-Q1"])
    assert.doesNotThrow(() => checkPeriodSpec(spec), spec);
  assert.throws(() => checkPeriodSpec("1997-13"), {
    name: "PeriodError",
    message:
      'Unknown period "1997-13": expected all, a year (1997), a quarter (1997-Q1), a month (1997-01) or a range (1996-09..1997-01)',
  });
  assert.throws(() => checkPeriodSpec("1997-02..1996-11"), {
    name: "PeriodError",
    message: 'Period range "1997-02..1996-11" ends before it starts',
  });
});
