-- Sales by customer country in the period and the one before, with the size
-- of the customer base there (ordering or not).
WITH base AS (
  SELECT COALESCE(k.country, '(no country)') AS country, COUNT(*) AS customer_base
  FROM dim_customers k
  GROUP BY COALESCE(k.country, '(no country)')
),
per_country AS (
  SELECT
    COALESCE(k.country, '(no country)') AS country,
    SUM(c.sales) AS sales,
    SUM(c.orders) AS orders,
    SUM(CASE WHEN c.orders > 0 THEN 1 ELSE 0 END) AS customers,
    SUM(c.units) AS units,
    SUM(c.previous_sales) AS previous_sales,
    SUM(c.previous_orders) AS previous_orders,
    SUM(CASE WHEN c.previous_orders > 0 THEN 1 ELSE 0 END) AS previous_customers
  FROM {{temp_table "analysis_customers" run}} c
  JOIN dim_customers k ON k.customer_id = c.customer_id
  GROUP BY COALESCE(k.country, '(no country)')
)
SELECT p.*, b.customer_base
FROM per_country p
LEFT JOIN base b ON b.country = p.country
ORDER BY p.sales DESC, p.country
