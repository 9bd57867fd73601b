-- One row per order line: the grain of every analysis and of Power BI's fact table.
-- sales = quantity x the product's list price (the extract has no discount column);
-- cost is NULL unless ProductCosts.csv was loaded.
{{create_view "sales_lines"}} AS
SELECT
  o.order_id,
  d.order_detail_id,
  o.order_date,
  o.customer_id,
  c.customer_name,
  c.city,
  c.country,
  d.product_id,
  p.product_name,
  p.category_id,
  COALESCE(cat.category_name, CONCAT('Category ', p.category_id)) AS category_name,
  p.supplier_id,
  s.supplier_name,
  o.employee_id,
  CONCAT(e.first_name, ' ', e.last_name) AS employee_name,
  o.shipper_id,
  sh.shipper_name,
  d.quantity,
  p.price AS unit_price,
  {{> line_sales}} AS sales,
  CAST(d.quantity * pc.unit_cost AS DECIMAL(18, 2)) AS cost
FROM order_details d
JOIN orders o ON o.order_id = d.order_id
JOIN customers c ON c.customer_id = o.customer_id
JOIN products p ON p.product_id = d.product_id
JOIN suppliers s ON s.supplier_id = p.supplier_id
JOIN employees e ON e.employee_id = o.employee_id
JOIN shippers sh ON sh.shipper_id = o.shipper_id
LEFT JOIN categories cat ON cat.category_id = p.category_id
LEFT JOIN product_costs pc ON pc.product_id = p.product_id
