-- Every customer on file, ordering or not. city_key is the city as the
-- locations analysis names it, "City (Country)", the key of city_results.
SELECT c.customer_id, c.customer_name, c.contact_name, c.address, c.city, c.postal_code, c.country,
  CONCAT(c.city, ' (', c.country, ')') AS city_key
FROM dim_customers c
ORDER BY c.customer_id
