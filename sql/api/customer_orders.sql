-- One customer's orders up to the reference date, each order's sales summed
-- once at load (order_sales), for segmentCustomer and predictCustomerSales.
SELECT CAST(s.order_date AS {{text}}) AS date, s.sales
FROM order_sales s
WHERE s.customer_id = $customer_id
  AND s.order_date <= {{date_param "as_of"}}
ORDER BY s.order_date, s.order_id
