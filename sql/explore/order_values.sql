-- The distribution of order values (and lines and units per order) in the
-- period: one row of summary statistics, computed where the orders are.
-- One row per order of the period (sql/partials/order_totals.sql).
WITH order_totals AS (
{{> order_totals}}
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
