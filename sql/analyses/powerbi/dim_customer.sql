-- Every customer on file, ordering or not. city_key is the city as the
-- locations analysis names it, "City (Country)", the key of city_results.
-- `unordered`: on DuckDB, for the Parquet copy, in the table's own order (a
-- third less time at half a million customers); the CSV's COPY sorts by key.
SELECT c.customer_id, c.customer_name, c.contact_name, c.address, c.city, c.postal_code, c.country,
  CONCAT(c.city, ' (', c.country, ')') AS city_key
FROM dim_customers c
{{#unless unordered}}ORDER BY c.customer_id{{/unless}}
