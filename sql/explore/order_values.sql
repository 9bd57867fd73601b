-- The distribution of order values (and lines and units per order) in the
-- period: one row of summary statistics, computed where the orders are.
-- One row per order of the period: read from order_sales, where the load summed
-- each order's lines, unless a category filter keeps only some of an order's
-- lines; those are summed here from sales_lines, to the same cent.
WITH order_totals AS (
{{#if category}}
  SELECT s.order_id, s.order_date, s.customer_id, SUM(s.sales) AS value, COUNT(*) AS lines, SUM(s.quantity) AS units
  FROM sales_lines s
  WHERE s.order_date >= {{date_param "start"}}
    AND s.order_date < {{date_param "end"}}
    {{#if country}}AND s.country = $country{{/if}}
    AND s.category_name = $category
  GROUP BY s.order_id, s.order_date, s.customer_id
{{else}}
  SELECT o.order_id, o.order_date, o.customer_id, o.sales AS value, o.lines, o.units
  FROM order_sales o
  {{#if country}}JOIN customers c ON c.customer_id = o.customer_id{{/if}}
  WHERE o.order_date >= {{date_param "start"}}
    AND o.order_date < {{date_param "end"}}
    {{#if country}}AND c.country = $country{{/if}}
{{/if}}
)
{{#if_dialect "tsql"}}
-- SQL Server has PERCENTILE_CONT only as a window function.
SELECT TOP 1
  COUNT(*) OVER () AS orders,
  SUM(value) OVER () AS sales,
  AVG({{double "value"}}) OVER () AS mean_value,
  MIN(value) OVER () AS min_value,
  MAX(value) OVER () AS max_value,
  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY {{double "value"}}) OVER () AS median_value,
  PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY {{double "value"}}) OVER () AS p90_value,
  PERCENTILE_CONT(0.99) WITHIN GROUP (ORDER BY {{double "value"}}) OVER () AS p99_value,
  SUM(lines) OVER () AS lines,
  SUM(units) OVER () AS units,
  PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY lines) OVER () AS median_lines
FROM order_totals
{{else}}
SELECT
  COUNT(*) AS orders,
  SUM(value) AS sales,
  AVG({{double "value"}}) AS mean_value,
  MIN(value) AS min_value,
  MAX(value) AS max_value,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY {{double "value"}}) AS median_value,
  percentile_cont(0.9) WITHIN GROUP (ORDER BY {{double "value"}}) AS p90_value,
  percentile_cont(0.99) WITHIN GROUP (ORDER BY {{double "value"}}) AS p99_value,
  SUM(lines) AS lines,
  SUM(units) AS units,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY lines) AS median_lines
FROM order_totals
{{/if_dialect}}
