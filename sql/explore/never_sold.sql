-- Products in the catalogue that no order line has ever named.
SELECT p.product_id, p.product_name, p.category_name, p.supplier_name
FROM dim_products p
WHERE NOT EXISTS (SELECT 1 FROM order_details d WHERE d.product_id = p.product_id)
ORDER BY p.product_name, p.product_id
