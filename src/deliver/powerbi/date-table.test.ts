import { test } from "node:test";
import assert from "node:assert/strict";
import { DATE_TABLE, dateRange, dateTable, isoWeek } from "./date-table.js";
import { fiscalOf, parseFiscalYearStart } from "./fiscal-year.js";

const extract = {
  first_order: "1996-07-04",
  last_order: "1997-02-12",
  complete_from: "1996-07-01",
  complete_until: "1997-02-01",
  period: { start: "1996-07-01", end: "1997-03-01" },
  fiscalYearStart: 1,
};

/** One row of the columns, by date. */
function day(table: ReturnType<typeof dateTable>, iso: string): Record<string, unknown> {
  const i = Array.from(table.columns.date).indexOf(iso);
  assert.ok(i >= 0, `${iso} is in the table`);
  return Object.fromEntries(Object.entries(table.columns).map(([k, v]) => [k, v[i]]));
}

test("the calendar holds the whole years around the extract's data: 731 days of 1996 and 1997", () => {
  const t = dateTable(extract);
  assert.equal(t.length, 731);
  assert.equal(t.columns.date[0], "1996-01-01");
  assert.equal(t.columns.date[730], "1997-12-31");
  assert.deepEqual(
    Object.keys(t.columns),
    DATE_TABLE.columns.map((c) => c.name),
  );
});

test("a day carries its names, their sort numbers, its ISO week and its flags", () => {
  assert.deepEqual(day(dateTable(extract), "1997-02-12"), {
    date: "1997-02-12",
    year: 1997,
    quarter: 1,
    month: 2,
    month_name: "February",
    month_short: "Feb",
    year_month: "1997-02",
    year_quarter: "1997-Q1",
    month_start: "1997-02-01",
    day: 12,
    weekday: 3,
    day_name: "Wednesday",
    iso_year: 1997,
    iso_week: 7,
    iso_year_week: "1997-W07",
    week_start: "1997-02-10",
    fiscal_year: 1997,
    fiscal_quarter: 1,
    fiscal_month: 2,
    fiscal_month_name: "February",
    fiscal_year_label: "FY1997",
    // The data stops on 12 February: the month is partial, as the pack says.
    complete_month: false,
    in_data: true,
    in_period: true,
  });
});

test("complete months are those the coverage rule calls complete", () => {
  const t = dateTable(extract);
  const months = new Map<string, boolean>();
  for (let i = 0; i < t.length; i++) months.set(String(t.columns.year_month[i]), Boolean(t.columns.complete_month[i]));
  assert.deepEqual(
    [...months].filter(([, complete]) => complete).map(([m]) => m),
    ["1996-07", "1996-08", "1996-09", "1996-10", "1996-11", "1996-12", "1997-01"],
  );
});

test("ISO weeks belong to the year of their Thursday", () => {
  const week = (iso: string) => isoWeek(new Date(`${iso}T00:00:00Z`));
  assert.deepEqual(week("1996-12-30"), { year: 1997, week: 1 });
  assert.deepEqual(week("1997-01-01"), { year: 1997, week: 1 });
  assert.deepEqual(week("1998-12-31"), { year: 1998, week: 53 });
  assert.deepEqual(week("2005-01-01"), { year: 2004, week: 53 });
  assert.deepEqual(week("2008-12-29"), { year: 2009, week: 1 });
});

test("a July fiscal year is named by the year it ends in, and the calendar covers whole fiscal years too", () => {
  assert.deepEqual(fiscalOf(1996, 7, 7), { year: 1997, month: 1 });
  assert.deepEqual(fiscalOf(1997, 6, 7), { year: 1997, month: 12 });
  assert.deepEqual(fiscalOf(1997, 2, 1), { year: 1997, month: 2 });
  // Data from July 1996 to February 1997: calendar 1996-1997, fiscal years FY1997 (1996-07..1997-06) and none before.
  assert.deepEqual(dateRange({ ...extract, fiscalYearStart: 7 }), { first: "1996-01-01", last: "1997-12-31" });
  // An April start and data from January 1996: FY1996 starts in April 1995.
  assert.deepEqual(dateRange({ first_order: "1996-01-10", last_order: "1997-11-30", fiscalYearStart: 4 }), {
    first: "1995-04-01",
    last: "1998-03-31",
  });
  const t = dateTable({ ...extract, fiscalYearStart: 7 });
  const july = day(t, "1996-07-04");
  assert.deepEqual(
    [july.fiscal_year, july.fiscal_quarter, july.fiscal_month, july.fiscal_year_label],
    [1997, 1, 1, "FY1997"],
  );
});

test("the fiscal year start reads a month number or name and says what it expected otherwise", () => {
  assert.equal(parseFiscalYearStart(undefined), 1);
  assert.equal(parseFiscalYearStart("07"), 7);
  assert.equal(parseFiscalYearStart("July"), 7);
  assert.equal(parseFiscalYearStart("apr"), 4);
  assert.throws(
    () => parseFiscalYearStart("13", "SALES_FISCAL_YEAR_START"),
    /SALES_FISCAL_YEAR_START: expected the month the fiscal year starts in, as a number 1-12 or a month name \(e\.g\. 7 or July\), got "13"/,
  );
  assert.throws(() => parseFiscalYearStart("Juli"), /--fiscal-year-start: expected/);
});
