-- Orders and sales by ISO day of the week (Monday = 1).
-- One row per order of the period (sql/partials/order_totals.sql).
WITH order_totals AS (
{{> order_totals}}
)
SELECT
  {{weekday "t.order_date"}} AS weekday,
  COUNT(*) AS orders,
  SUM(t.value) AS sales,
  COUNT(DISTINCT t.order_date) AS order_days
FROM order_totals t
GROUP BY {{weekday "t.order_date"}}
ORDER BY weekday
