{{!-- Each order's lines of the category $category summed, one row per order: order_id, sales and units, exactly as order_sales sums every line at load (quantity x list price, to the cent). For a subquery where a category filter keeps only some of an order's lines: {{> category_order_sales}}. --}}
SELECT
  d.order_id,
  CAST(SUM({{> line_sales}}) AS DECIMAL(18, 2)) AS sales,
  CAST(SUM(d.quantity) AS INTEGER) AS units
FROM order_details d
JOIN dim_products p ON p.product_id = d.product_id
WHERE p.category_name = $category
GROUP BY d.order_id
