-- The customers of a run: one row per customer who ordered in the period or the
-- one before, from the orders of the run. Overview, customers and locations all
-- read it; orders are counted per customer, which is exact because an order
-- belongs to one customer. Sums are held to 18 digits, as in run/orders.
{{#if_dialect "tsql"}}SELECT q.* INTO {{temp_table "analysis_customers" run}} FROM ({{else}}CREATE TEMPORARY TABLE {{temp_table "analysis_customers" run}} AS SELECT q.* FROM ({{/if_dialect}}
  SELECT
    o.customer_id,
    CAST(SUM(CASE WHEN o.is_current = 1 THEN o.sales ELSE 0 END) AS DECIMAL(18, 2)) AS sales,
    CAST(SUM(o.is_current) AS BIGINT) AS orders,
    CAST(SUM(CASE WHEN o.is_current = 1 THEN o.units ELSE 0 END) AS BIGINT) AS units,
    MIN(CASE WHEN o.is_current = 1 THEN o.order_date END) AS first_order,
    MAX(CASE WHEN o.is_current = 1 THEN o.order_date END) AS last_order,
    CAST(SUM(CASE WHEN o.is_current = 0 THEN o.sales ELSE 0 END) AS DECIMAL(18, 2)) AS previous_sales,
    CAST(SUM(1 - o.is_current) AS BIGINT) AS previous_orders,
    CAST(SUM(CASE WHEN o.is_current = 0 THEN o.units ELSE 0 END) AS BIGINT) AS previous_units
  FROM {{temp_table "analysis_orders" run}} o
  GROUP BY o.customer_id
) q
