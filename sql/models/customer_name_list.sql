-- Every customer's name in one text, in customer-id order, each followed by
-- the unit separator (character 31), for the same customers as
-- customer_features.sql: half a million names then cross into JavaScript as
-- one string, split there, instead of as one string each, which DuckDB's
-- driver makes slowly (0.6 s at ten million order lines). A name that holds
-- the separator itself would cut the list in the wrong place: `cut` counts
-- them, and features.ts then reads the names one by one. Run on DuckDB only
-- (PACKED_NAMES in features.ts); valid on every dialect.
{{#if_dialect "tsql"}}
SELECT
  COUNT(*) AS customers,
  SUM(CASE WHEN CHARINDEX(CHAR(31), c.customer_name) > 0 THEN 1 ELSE 0 END) AS cut,
  STRING_AGG(CAST(c.customer_name + CHAR(31) AS NVARCHAR(MAX)), '') WITHIN GROUP (ORDER BY c.customer_id) AS names
{{else}}
SELECT
  COUNT(*) AS customers,
  SUM(CASE WHEN strpos(c.customer_name, chr(31)) > 0 THEN 1 ELSE 0 END) AS cut,
  string_agg(c.customer_name || chr(31), '' ORDER BY c.customer_id) AS names
{{/if_dialect}}
FROM dim_customers c
{{#if country}}
WHERE c.country = $country
{{/if}}
