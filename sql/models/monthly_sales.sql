-- Sales per calendar month up to the end of the period (exclusive), for the
-- company forecast; the first and last order day of each month tell whether
-- the data covers the month in full. Without a category filter each order is
-- one row of order_sales (its lines summed at load, to the cent), so the
-- query never touches the order lines: at 100M lines, 22 s through the
-- sales_lines view. With one, only that category's lines count.
WITH o AS (
{{#if category}}
  SELECT l.order_date, l.sales
  FROM sales_lines l
  WHERE l.category_name = $category
  {{#if country}}AND l.country = $country{{/if}}
{{else}}
  SELECT o.order_date, o.sales
  FROM order_sales o
  {{#if country}}JOIN dim_customers k ON k.customer_id = o.customer_id
  WHERE k.country = $country{{/if}}
{{/if}}
)
SELECT
  {{month_start "o.order_date"}} AS month,
  SUM(o.sales) AS sales,
  MIN(o.order_date) AS first_day,
  MAX(o.order_date) AS last_day
FROM o
WHERE o.order_date < {{date_param "end"}}
GROUP BY {{month_start "o.order_date"}}
ORDER BY month
