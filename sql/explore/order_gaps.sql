-- Days with orders and the gaps between them: one row per order day that
-- follows a gap of more than one day, plus the first (gap NULL) and the last
-- order day.
-- Bounded by the number of calendar days, whatever the number of orders.
-- An order day is a day with an order that has lines (order_sales, one row
-- per such order), or, under --category, a line of that category.
WITH days AS (
{{#if category}}
  SELECT DISTINCT s.order_date AS day
  FROM sales_lines s
  WHERE s.order_date >= {{date_param "start"}}
    AND s.order_date < {{date_param "end"}}
    AND s.category_name = $category
    {{#if country}}AND s.country = $country{{/if}}
{{else}}
  SELECT DISTINCT o.order_date AS day
  FROM order_sales o
  {{#if country}}JOIN dim_customers k ON k.customer_id = o.customer_id{{/if}}
  WHERE o.order_date >= {{date_param "start"}}
    AND o.order_date < {{date_param "end"}}
    {{#if country}}AND k.country = $country{{/if}}
{{/if}}
),
steps AS (
  SELECT day, LAG(day) OVER (ORDER BY day) AS previous_day FROM days
)
SELECT previous_day, day, {{days_between "previous_day" "day"}} AS gap_days
FROM steps
WHERE previous_day IS NULL
  OR {{days_between "previous_day" "day"}} > 1
  OR day = (SELECT MAX(day) FROM days)
ORDER BY day
