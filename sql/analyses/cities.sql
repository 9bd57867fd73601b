-- Sales by customer city (within its country) in the period and the one before.
SELECT
  COALESCE(k.country, '(no country)') AS country,
  COALESCE(k.city, '(no city)') AS city,
  SUM(c.sales) AS sales,
  SUM(c.orders) AS orders,
  SUM(CASE WHEN c.orders > 0 THEN 1 ELSE 0 END) AS customers,
  SUM(c.previous_sales) AS previous_sales
FROM {{temp_table "analysis_customers" run}} c
JOIN dim_customers k ON k.customer_id = c.customer_id
GROUP BY COALESCE(k.country, '(no country)'), COALESCE(k.city, '(no city)')
ORDER BY sales DESC, country, city
