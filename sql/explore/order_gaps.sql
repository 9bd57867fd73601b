-- Days with orders and the gaps between them: one row per order day that
-- follows a gap of more than one day, plus the first (gap NULL) and the last
-- order day.
-- Bounded by the number of calendar days, whatever the number of orders.
-- An order day is a day with an order of the period and filters
-- (order_totals: one row per order, read from order_sales, never the lines,
-- unless a category filter keeps only some of an order's lines).
WITH order_totals AS (
{{> order_totals}}
),
days AS (
  SELECT DISTINCT t.order_date AS day FROM order_totals t
),
steps AS (
  SELECT day, LAG(day) OVER (ORDER BY day) AS previous_day FROM days
)
SELECT previous_day, day, {{days_between "previous_day" "day"}} AS gap_days
FROM steps
WHERE previous_day IS NULL
  OR {{days_between "previous_day" "day"}} > 1
  OR day = (SELECT MAX(day) FROM days)
ORDER BY day
