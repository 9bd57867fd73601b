-- One row per day of the period: the Power BI date table (mark it as such on `date`).
SELECT d.date, d.year, d.quarter, d.month, d.year_month, d.year_quarter, d.month_start, d.weekday
FROM dim_dates d
WHERE d.date >= {{date_param "start"}}
  AND d.date < {{date_param "end"}}
ORDER BY d.date
