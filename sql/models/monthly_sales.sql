-- Sales per calendar month up to the end of the period (exclusive), for the
-- company forecast; the first and last order day of each month tell whether
-- the data covers the month in full.
SELECT
  {{month_start "l.order_date"}} AS month,
  SUM(l.sales) AS sales,
  MIN(l.order_date) AS first_day,
  MAX(l.order_date) AS last_day
FROM sales_lines l
WHERE l.order_date < {{date_param "end"}}
{{#if country}}
  AND l.country = $country
{{/if}}
{{#if category}}
  AND l.category_name = $category
{{/if}}
GROUP BY {{month_start "l.order_date"}}
ORDER BY month
