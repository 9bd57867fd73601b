-- Every customer on file, ordering or not.
SELECT c.customer_id, c.customer_name, c.contact_name, c.address, c.city, c.postal_code, c.country
FROM dim_customers c
ORDER BY c.customer_id
