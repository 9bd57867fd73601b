-- Orders counted in bins of order value, `width` wide; values from `cap` up
-- share the last bin, so a few large orders do not flatten the histogram.
WITH order_totals AS (
  SELECT s.order_id, SUM(s.sales) AS value
  FROM sales_lines s
  WHERE s.order_date >= {{date_param "start"}}
    AND s.order_date < {{date_param "end"}}
    {{#if country}}AND s.country = $country{{/if}}
    {{#if category}}AND s.category_name = $category{{/if}}
  GROUP BY s.order_id
),
binned AS (
  SELECT
    CASE WHEN value >= {{double "$cap"}} THEN {{double "$bins"}} ELSE FLOOR({{double "value"}} / {{double "$width"}}) END AS bin,
    value
  FROM order_totals
)
SELECT bin, COUNT(*) AS orders, SUM(value) AS sales
FROM binned
GROUP BY bin
ORDER BY bin
