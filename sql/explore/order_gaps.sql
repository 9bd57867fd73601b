-- Days with orders and the gaps between them: one row per order day that
-- follows a gap of more than one day, plus the first (gap NULL) and the last
-- order day.
-- Bounded by the number of calendar days, whatever the number of orders.
WITH days AS (
  SELECT DISTINCT s.order_date AS day
  FROM sales_lines s
  WHERE s.order_date >= {{date_param "start"}}
    AND s.order_date < {{date_param "end"}}
    {{#if country}}AND s.country = $country{{/if}}
    {{#if category}}AND s.category_name = $category{{/if}}
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
