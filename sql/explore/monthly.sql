-- Sales, orders, customers and lines by month within the period and filters.
-- Months without orders have no row; the caller fills them in.
SELECT
  {{year_month "s.order_date"}} AS month,
  SUM(s.sales) AS sales,
  COUNT(DISTINCT s.order_id) AS orders,
  COUNT(DISTINCT s.customer_id) AS customers,
  COUNT(*) AS lines,
  SUM(s.quantity) AS units
FROM sales_lines s
WHERE s.order_date >= {{date_param "start"}}
  AND s.order_date < {{date_param "end"}}
  {{#if country}}AND s.country = $country{{/if}}
  {{#if category}}AND s.category_name = $category{{/if}}
GROUP BY {{year_month "s.order_date"}}
ORDER BY month
