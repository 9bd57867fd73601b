-- Every product with its category and supplier; unit_cost is empty without ProductCosts.csv.
SELECT p.product_id, p.product_name, p.category_id, p.category_name, p.supplier_id, p.supplier_name, p.supplier_country, p.unit, p.price, p.unit_cost
FROM dim_products p
ORDER BY p.product_id
