-- How many customers ordered for the first time in the period, and how many
-- ordered in the one before but not in this one.
SELECT
  SUM(CASE WHEN c.sales > 0 AND NOT EXISTS (
    SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id AND o.order_date < {{date_param "start"}}
  ) THEN 1 ELSE 0 END) AS new_customers,
  SUM(CASE WHEN c.sales = 0 AND c.previous_sales > 0 THEN 1 ELSE 0 END) AS lapsed_customers
FROM {{temp_table "analysis_customers" run}} c
