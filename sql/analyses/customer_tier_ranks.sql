-- Every customer's tier and place, from the tiers cut by customer_tiers.sql,
-- for the Power BI extract (figures.json lists only the largest; the extract
-- needs every customer). Three INTEGER columns, read as columns: no row
-- object per customer.
SELECT n.customer_id, CAST(n.position AS INTEGER) AS position, CAST(n.tier AS INTEGER) AS tier
FROM {{temp_table "analysis_tiers" tiers}} n
ORDER BY n.position
