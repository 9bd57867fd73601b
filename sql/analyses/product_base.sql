-- The catalogue: names, categories and suppliers of every product, to name
-- the products and to sum them by category and supplier (a few hundred rows).
SELECT p.product_id, p.product_name, p.category_name, p.supplier_id, p.supplier_name, p.supplier_country
FROM dim_products p
ORDER BY p.product_id
