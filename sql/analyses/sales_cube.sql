-- The sales cube the interactive report filters in the reader's browser:
-- sales and orders of the period by month, country, city and customer, read
-- from the run's tables. The $top customers with the most sales in the period
-- are kept by name; the others are summed per city (customer NULL), so the
-- cube stays a few thousand rows at any data size.
SELECT
  x.month,
  x.country,
  x.city,
  x.customer_id,
  x.customer,
  CAST(SUM(x.sales) AS DECIMAL(18, 2)) AS sales,
  CAST(COUNT(*) AS BIGINT) AS orders
FROM (
  SELECT
    {{year_month "o.month_start"}} AS month,
    COALESCE(k.country, '(no country)') AS country,
    COALESCE(k.city, '(no city)') AS city,
    CASE WHEN r.position <= $top THEN o.customer_id END AS customer_id,
    CASE WHEN r.position <= $top THEN k.customer_name END AS customer,
    o.sales
  FROM {{temp_table "analysis_orders" run}} o
  JOIN (
    SELECT c.customer_id, ROW_NUMBER() OVER (ORDER BY c.sales DESC, c.customer_id) AS position
    FROM {{temp_table "analysis_customers" run}} c
    WHERE c.orders > 0
  ) r ON r.customer_id = o.customer_id
  JOIN dim_customers k ON k.customer_id = o.customer_id
  WHERE o.is_current = 1
) x
GROUP BY x.month, x.country, x.city, x.customer_id, x.customer
ORDER BY x.month, x.country, x.city, x.customer_id
