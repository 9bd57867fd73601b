-- Customers on file without a single order: prospects, or a broken key upstream.
-- Names repeat in big extracts: the id keeps the order the same from run to run.
SELECT c.customer_id, c.customer_name, c.city, c.country
FROM customers c
WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)
ORDER BY c.customer_name, c.customer_id
