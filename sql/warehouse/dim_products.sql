-- Products with their category and supplier; unit_cost is NULL without cost data.
{{create_view "dim_products"}} AS
SELECT
  p.product_id,
  p.product_name,
  p.category_id,
  COALESCE(cat.category_name, CONCAT('Category ', p.category_id)) AS category_name,
  p.supplier_id,
  s.supplier_name,
  s.country AS supplier_country,
  p.unit,
  p.price,
  pc.unit_cost
FROM products p
JOIN suppliers s ON s.supplier_id = p.supplier_id
LEFT JOIN categories cat ON cat.category_id = p.category_id
LEFT JOIN product_costs pc ON pc.product_id = p.product_id
