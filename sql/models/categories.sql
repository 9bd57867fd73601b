-- The product categories, for pivoting category shares into columns.
SELECT DISTINCT category_id, category_name
FROM dim_products
ORDER BY category_id
