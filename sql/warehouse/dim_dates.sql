-- One row per day, from the first day of the first order's month to the last
-- day of the last order's month. The day numbers come from a cross join of
-- digits, which every dialect can write inside a view (up to 273 years).
{{create_view "dim_dates"}} AS
WITH bounds AS (
  SELECT
    {{month_start "MIN(order_date)"}} AS first_day,
    {{add_days (add_months (month_start "MAX(order_date)") 1) -1}} AS last_day
  FROM orders
),
days AS (
  SELECT d1.n + 10 * d2.n + 100 * d3.n + 1000 * d4.n + 10000 * d5.n AS n
  FROM (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d1(n)
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d2(n)
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d3(n)
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d4(n)
  CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)) AS d5(n)
),
dates AS (
  SELECT {{add_days "b.first_day" "days.n"}} AS date
  FROM bounds b
  JOIN days ON days.n <= {{days_between "b.first_day" "b.last_day"}}
)
SELECT
  date,
  {{year "date"}} AS year,
  {{quarter "date"}} AS quarter,
  {{month "date"}} AS month,
  {{year_month "date"}} AS year_month,
  CONCAT({{year "date"}}, '-Q', {{quarter "date"}}) AS year_quarter,
  {{month_start "date"}} AS month_start,
  {{weekday "date"}} AS weekday
FROM dates
