-- Sales, orders, customers and lines by month within the period and filters.
-- Months without orders have no row; the caller fills them in.
-- One row per order of the period (sql/partials/order_totals.sql).
WITH order_totals AS (
{{> order_totals}}
)
SELECT
  {{year_month "t.order_date"}} AS month,
  SUM(t.value) AS sales,
  COUNT(*) AS orders,
  COUNT(DISTINCT t.customer_id) AS customers,
  SUM(t.lines) AS lines,
  SUM(t.units) AS units
FROM order_totals t
GROUP BY {{year_month "t.order_date"}}
ORDER BY month
