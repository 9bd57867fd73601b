-- The shape of the order data as a whole: its span, and the records that load
-- checks cannot reject but an analyst should know about.
SELECT
  (SELECT MIN(order_date) FROM orders) AS first_order,
  (SELECT MAX(order_date) FROM orders) AS last_order,
  (SELECT COUNT(*) FROM orders) AS orders,
  (SELECT COUNT(DISTINCT order_date) FROM orders) AS order_days,
  -- order_sales holds one row per order with lines, and every line's order exists (a load check): no anti-join over the lines.
  (SELECT COUNT(*) FROM orders) - (SELECT COUNT(*) FROM order_sales) AS orders_without_lines,
  (SELECT COUNT(*) FROM order_details WHERE quantity <= 0) AS lines_without_quantity,
  (SELECT COUNT(*) FROM products WHERE price IS NULL OR price <= 0) AS products_without_price,
  (SELECT COUNT(*) FROM products p WHERE EXISTS (SELECT 1 FROM product_costs c WHERE c.product_id = p.product_id)) AS products_with_cost,
  (SELECT COUNT(*) FROM products) AS products
