-- The values a --country or --category filter may take.
SELECT 'country' AS kind, c.country AS value
FROM customers c
WHERE c.country IS NOT NULL
GROUP BY c.country
UNION ALL
SELECT 'category' AS kind, p.category_name AS value
FROM dim_products p
GROUP BY p.category_name
