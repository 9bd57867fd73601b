-- Every customer, whether or not they ordered.
{{create_view "dim_customers"}} AS
SELECT
  c.customer_id,
  c.customer_name,
  c.contact_name,
  c.address,
  c.city,
  c.postal_code,
  c.country
FROM customers c
