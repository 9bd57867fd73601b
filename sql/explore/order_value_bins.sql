-- Orders counted in bins of order value, `width` wide; values from `cap` up
-- share the last bin, so a few large orders do not flatten the histogram.
-- One row per order of the period (sql/partials/order_totals.sql).
WITH order_totals AS (
{{> order_totals}}
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
