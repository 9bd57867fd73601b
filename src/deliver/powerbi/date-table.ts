import { addDays, addMonths } from "../../dates.js";
import { MONTH_NAMES } from "../../dates.js";
import { fiscalOf } from "./fiscal-year.js";
import { col, type ColumnarRows, type StarTable } from "./star-table.js";

/**
 * The Power BI date table: every day of the whole calendar years around the
 * data (and of the fiscal years, when they start in another month), so time
 * intelligence (year to date, the same period last year) has the full years
 * it needs. Names carry a number column to sort by; `complete_month` says
 * which months the data covers in full (src/analyse/coverage.ts decides, as
 * it does for the analyses), so a chart can leave out a partial month.
 */

const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const;

export const DATE_TABLE: StarTable = {
  name: "dim_date",
  kind: "date",
  description:
    "One row per day of every calendar year the data touches (and of its fiscal years); mark it as the date table on `date` (the semantic model does).",
  columns: [
    col("date", "date", "Day, ISO YYYY-MM-DD; the table's key."),
    col("year", "integer", "Calendar year."),
    col("quarter", "integer", "Quarter 1-4."),
    col("month", "integer", "Month 1-12; the sort column of month_name."),
    col("month_name", "text", "Month name (January); sorted by month.", "month"),
    col("month_short", "text", "Short month name (Jan); sorted by month.", "month"),
    col("year_month", "text", "YYYY-MM."),
    col("year_quarter", "text", "YYYY-Qn."),
    col("month_start", "date", "First day of the month."),
    col("day", "integer", "Day of the month, 1-31."),
    col("weekday", "integer", "ISO day of week, Monday = 1; the sort column of day_name."),
    col("day_name", "text", "Day name (Monday); sorted by weekday.", "weekday"),
    col("iso_year", "integer", "ISO 8601 week-numbering year (the year of the week's Thursday)."),
    col("iso_week", "integer", "ISO 8601 week, 1-53."),
    col("iso_year_week", "text", "YYYY-Www, e.g. 1997-W01 (sorts as text)."),
    col("week_start", "date", "The Monday the ISO week starts on."),
    col(
      "fiscal_year",
      "integer",
      "Fiscal year, named by the calendar year it ends in (--fiscal-year-start / SALES_FISCAL_YEAR_START; January by default, then it is the calendar year).",
    ),
    col("fiscal_quarter", "integer", "Quarter 1-4 of the fiscal year."),
    col("fiscal_month", "integer", "Month 1-12 of the fiscal year; the sort column of fiscal_month_name."),
    col("fiscal_month_name", "text", "Month name, sorted in fiscal order.", "fiscal_month"),
    col("fiscal_year_label", "text", "FYyyyy, e.g. FY1997."),
    col(
      "complete_month",
      "boolean",
      "True when the data covers the whole month (the same rule the analyses use): the first and last months of the data are often partial.",
    ),
    col("in_data", "boolean", "True between the first and the last order in the warehouse, inclusive."),
    col("in_period", "boolean", "True inside the period of the run (fact_sales holds only these days)."),
  ],
};

export interface DateTableInput {
  /** First and last order in the warehouse, ISO. */
  first_order: string;
  last_order: string;
  /** Months the data covers in full: [complete_from, complete_until), month starts (coverage.ts). */
  complete_from: string;
  complete_until: string;
  /** The run's period, [start, end). */
  period: { start: string; end: string };
  /** Month 1-12 the fiscal year starts in. */
  fiscalYearStart: number;
}

/** The first and last day the table holds: whole calendar and fiscal years around the data. */
export function dateRange(input: Pick<DateTableInput, "first_order" | "last_order" | "fiscalYearStart">): {
  first: string;
  last: string;
} {
  const fiscalStart = (iso: string) => {
    const year = Number(iso.slice(0, 4));
    const y = Number(iso.slice(5, 7)) >= input.fiscalYearStart ? year : year - 1;
    return `${y}-${pad(input.fiscalYearStart)}-01`;
  };
  const calendarFirst = `${input.first_order.slice(0, 4)}-01-01`;
  const calendarLast = `${input.last_order.slice(0, 4)}-12-31`;
  const fiscalFirst = fiscalStart(input.first_order);
  const fiscalLast = addDays(addMonths(fiscalStart(input.last_order), 12), -1);
  return {
    first: fiscalFirst < calendarFirst ? fiscalFirst : calendarFirst,
    last: fiscalLast > calendarLast ? fiscalLast : calendarLast,
  };
}

/** Every day from the range's first to its last, column by column. */
export function dateTable(input: DateTableInput): ColumnarRows {
  const { first, last } = dateRange(input);
  const days = Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1;
  const columns = Object.fromEntries(DATE_TABLE.columns.map((c) => [c.name, new Array(days)])) as Record<
    string,
    (string | number | boolean)[]
  >;
  const start = Date.parse(`${first}T00:00:00Z`);
  for (let i = 0; i < days; i++) {
    const d = new Date(start + i * 86_400_000);
    const iso = d.toISOString().slice(0, 10);
    const year = d.getUTCFullYear();
    const month = d.getUTCMonth() + 1;
    const weekday = ((d.getUTCDay() + 6) % 7) + 1;
    const week = isoWeek(d, weekday);
    const fiscal = fiscalOf(year, month, input.fiscalYearStart);
    const monthStart = `${iso.slice(0, 7)}-01`;
    const set = (name: string, value: string | number | boolean) => (columns[name][i] = value);
    set("date", iso);
    set("year", year);
    set("quarter", Math.ceil(month / 3));
    set("month", month);
    set("month_name", MONTH_NAMES[month - 1]);
    set("month_short", MONTH_NAMES[month - 1].slice(0, 3));
    set("year_month", iso.slice(0, 7));
    set("year_quarter", `${year}-Q${Math.ceil(month / 3)}`);
    set("month_start", monthStart);
    set("day", d.getUTCDate());
    set("weekday", weekday);
    set("day_name", DAY_NAMES[weekday - 1]);
    set("iso_year", week.year);
    set("iso_week", week.week);
    set("iso_year_week", `${week.year}-W${pad(week.week)}`);
    set("week_start", addDays(iso, 1 - weekday));
    set("fiscal_year", fiscal.year);
    set("fiscal_quarter", Math.ceil(fiscal.month / 3));
    set("fiscal_month", fiscal.month);
    set("fiscal_month_name", MONTH_NAMES[month - 1]);
    set("fiscal_year_label", `FY${fiscal.year}`);
    set("complete_month", monthStart >= input.complete_from && monthStart < input.complete_until);
    set("in_data", iso >= input.first_order && iso <= input.last_order);
    set("in_period", iso >= input.period.start && iso < input.period.end);
  }
  return { length: days, columns };
}

/** ISO 8601 week: the week belongs to the year of its Thursday. */
export function isoWeek(d: Date, weekday = ((d.getUTCDay() + 6) % 7) + 1): { year: number; week: number } {
  const thursday = new Date(d.getTime() + (4 - weekday) * 86_400_000);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.round((thursday.getTime() - Date.UTC(year, 0, 1)) / 86_400_000);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

const pad = (n: number) => String(n).padStart(2, "0");
