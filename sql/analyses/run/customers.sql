-- The customers of a run: one row per customer who ordered in the period or the
-- one before, from the orders of the run. Overview, customers and locations all
-- read it; orders are counted per customer, which is exact because an order
-- belongs to one customer.
{{#if_dialect "tsql"}}SELECT q.* INTO {{temp_table "analysis_customers" run}} FROM ({{else}}CREATE TEMPORARY TABLE {{temp_table "analysis_customers" run}} AS SELECT q.* FROM ({{/if_dialect}}
  SELECT
    o.customer_id,
    SUM(CASE WHEN o.is_current = 1 THEN o.sales ELSE 0 END) AS sales,
    SUM(o.is_current) AS orders,
    SUM(CASE WHEN o.is_current = 1 THEN o.units ELSE 0 END) AS units,
    MIN(CASE WHEN o.is_current = 1 THEN o.order_date END) AS first_order,
    MAX(CASE WHEN o.is_current = 1 THEN o.order_date END) AS last_order,
    SUM(CASE WHEN o.is_current = 0 THEN o.sales ELSE 0 END) AS previous_sales,
    SUM(1 - o.is_current) AS previous_orders,
    SUM(CASE WHEN o.is_current = 0 THEN o.units ELSE 0 END) AS previous_units
  FROM {{temp_table "analysis_orders" run}} o
  GROUP BY o.customer_id
) q
