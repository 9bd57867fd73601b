-- How many orders have 1, 2, 3... lines: the size of a typical order.
-- One row per order of the period (sql/partials/order_totals.sql).
WITH order_totals AS (
{{> order_totals}}
)
SELECT lines, COUNT(*) AS orders
FROM order_totals
GROUP BY lines
ORDER BY lines
