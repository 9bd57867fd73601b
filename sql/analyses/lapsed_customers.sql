-- Customers who ordered in the previous period but not in this one, largest
-- first, up to a limit (ROW_NUMBER rather than LIMIT or TOP, which differ by
-- dialect).
WITH lapsed AS (
  SELECT
    c.customer_id,
    k.customer_name,
    k.country,
    c.previous_sales,
    c.previous_orders,
    ROW_NUMBER() OVER (ORDER BY c.previous_sales DESC, k.customer_name, c.customer_id) AS position
  FROM {{temp_table "analysis_customers" run}} c
  JOIN dim_customers k ON k.customer_id = c.customer_id
  WHERE c.sales = 0 AND c.previous_sales > 0
)
SELECT l.customer_id, l.customer_name, l.country, l.previous_sales, l.previous_orders
FROM lapsed l
WHERE l.position <= $row_limit
ORDER BY l.position
