-- One warehouse customer for the API's GET /v1/customers/{id}.
SELECT c.customer_id, c.customer_name, c.city, c.country
FROM dim_customers c
WHERE c.customer_id = $customer_id
