-- Customers on file without a single order: prospects, or a broken key upstream.
SELECT c.customer_id, c.customer_name, c.city, c.country
FROM customers c
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)
ORDER BY c.customer_name
