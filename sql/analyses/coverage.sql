-- The span of the whole warehouse, whatever the filters: which periods the data
-- covers decides whether growth against an earlier period can be computed.
SELECT
  MIN(o.order_date) AS first_order,
  MAX(o.order_date) AS last_order,
  COUNT(*) AS orders
FROM orders o
