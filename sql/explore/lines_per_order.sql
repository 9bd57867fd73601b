-- How many orders have 1, 2, 3... lines: the size of a typical order.
WITH order_lines AS (
  SELECT s.order_id, COUNT(*) AS lines
  FROM sales_lines s
  WHERE s.order_date >= {{date_param "start"}}
    AND s.order_date < {{date_param "end"}}
    {{#if country}}AND s.country = $country{{/if}}
    {{#if category}}AND s.category_name = $category{{/if}}
  GROUP BY s.order_id
)
SELECT lines, COUNT(*) AS orders
FROM order_lines
GROUP BY lines
ORDER BY lines
