-- One customer's sales per category up to the reference date, so the API
-- places them in a cluster by category mix as the training run did.
SELECT l.category_name, SUM(l.sales) AS sales
FROM sales_lines l
WHERE l.customer_id = $customer_id
  AND l.order_date <= {{date_param "as_of"}}
GROUP BY l.category_name
ORDER BY l.category_name
