-- Rows in every base table, as loaded: the first check that the load is whole.
SELECT 1 AS ord, 'customers' AS table_name, COUNT(*) AS row_count FROM customers
UNION ALL SELECT 2, 'employees', COUNT(*) FROM employees
UNION ALL SELECT 3, 'shippers', COUNT(*) FROM shippers
UNION ALL SELECT 4, 'suppliers', COUNT(*) FROM suppliers
UNION ALL SELECT 5, 'categories', COUNT(*) FROM categories
UNION ALL SELECT 6, 'products', COUNT(*) FROM products
UNION ALL SELECT 7, 'product_costs', COUNT(*) FROM product_costs
UNION ALL SELECT 8, 'orders', COUNT(*) FROM orders
UNION ALL SELECT 9, 'order_details', COUNT(*) FROM order_details
ORDER BY ord
