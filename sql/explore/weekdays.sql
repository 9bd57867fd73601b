-- Orders and sales by ISO day of the week (Monday = 1).
SELECT
  {{weekday "s.order_date"}} AS weekday,
  COUNT(DISTINCT s.order_id) AS orders,
  SUM(s.sales) AS sales,
  COUNT(DISTINCT s.order_date) AS order_days
FROM sales_lines s
WHERE s.order_date >= {{date_param "start"}}
  AND s.order_date < {{date_param "end"}}
  {{#if country}}AND s.country = $country{{/if}}
  {{#if category}}AND s.category_name = $category{{/if}}
GROUP BY {{weekday "s.order_date"}}
ORDER BY weekday
