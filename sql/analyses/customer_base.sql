-- The customer base the filters select, and how many of them ever ordered.
SELECT
  COUNT(*) AS customers,
  SUM(CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id) THEN 1 ELSE 0 END) AS ever_ordered
FROM customers c
{{#if country}}WHERE c.country = $country{{/if}}
