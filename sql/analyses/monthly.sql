-- Sales and orders by month within the period, for the trend.
SELECT
  {{year_month "m.month_start"}} AS month,
  m.sales,
  m.orders
FROM (
  SELECT o.month_start, SUM(o.sales) AS sales, COUNT(*) AS orders
  FROM {{temp_table "analysis_orders" run}} o
  WHERE o.is_current = 1
  GROUP BY o.month_start
) m
ORDER BY m.month_start
