-- Headline figures of the period and of the period of the same length before it.
SELECT
  SUM(c.sales) AS sales,
  SUM(c.orders) AS orders,
  SUM(CASE WHEN c.orders > 0 THEN 1 ELSE 0 END) AS customers,
  SUM(c.units) AS units,
  SUM(c.previous_sales) AS previous_sales,
  SUM(c.previous_orders) AS previous_orders,
  SUM(CASE WHEN c.previous_orders > 0 THEN 1 ELSE 0 END) AS previous_customers,
  SUM(c.previous_units) AS previous_units
FROM {{temp_table "analysis_customers" run}} c
