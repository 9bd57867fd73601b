import { renderSvg, trendChart } from "../charts/index.js";
import { lastDay } from "../analyse/period.js";
import { addMonths } from "../dates.js";
import { dateRange, type RunSummary } from "./model.js";

/**
 * The dashboard's monthly trend. A period of half a year or more shows the
 * overview's own chart (its months); a shorter one would be a dot or two, so
 * the dashboard draws the year up to the period's end instead, from the
 * months the overview computed for the sparklines (the same figures).
 */
const OWN_TREND_MONTHS = 6;

export async function dashboardTrend(run: RunSummary, overviewSvg: string): Promise<string> {
  if (run.period.months >= OWN_TREND_MONTHS || run.headline.trend.length < 2) return overviewSvg;
  const months = run.headline.trend;
  const first = months[0].month;
  const last = months[months.length - 1].month;
  const partial = months.filter((m) => !m.complete).map((m) => m.month);
  return renderSvg(
    trendChart(
      months.map((m) => ({ month: m.month, sales: m.sales, partial: !m.complete })),
      {
        title: "Monthly sales, the year to the period's end",
        subtitle: [
          dateRange(`${first}-01`, lastDay({ end: addMonths(`${last}-01`, 1) })),
          partial.length ? `${partial.join(", ")}: the data covers only part of the month (hollow point)` : "",
        ]
          .filter(Boolean)
          .join(" · "),
      },
    ),
  );
}
