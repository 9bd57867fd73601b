-- The orders of a run: one row per order of the period or of the one before
-- it, with the sales and units of the lines the filters keep. Built once per
-- run, so the analyses read one row per order instead of every order line.
-- Without a category filter it reads the load's order_sales, where each
-- order's lines are already summed; a category filter keeps only some lines,
-- so then it sums them here, exactly as order_sales does (quantity times the
-- list price, to the cent; a test holds the two paths to the same figures).
-- Sums are held to 18 digits, as in order_sales. A session-scoped temporary
-- table; on SQL Server a global one (see the temp_table helper).
{{#if_dialect "tsql"}}SELECT q.* INTO {{temp_table "analysis_orders" run}} FROM ({{else}}CREATE TEMPORARY TABLE {{temp_table "analysis_orders" run}} AS SELECT q.* FROM ({{/if_dialect}}
  SELECT
    o.order_id,
    o.order_date,
    {{month_start "o.order_date"}} AS month_start,
    o.customer_id,
    o.employee_id,
    k.country,
    CASE WHEN o.order_date >= {{date_param "start"}} THEN 1 ELSE 0 END AS is_current,
    o.sales,
    o.units
  FROM (
{{#if category}}
    -- Lines are summed per order before meeting the orders: one join of
    -- orders instead of one per line.
    SELECT o.order_id, o.order_date, o.customer_id, o.employee_id, x.sales, x.units
    FROM (
      {{> category_order_sales}}
    ) x
    JOIN orders o ON o.order_id = x.order_id
{{else}}
    SELECT s.order_id, s.order_date, s.customer_id, s.employee_id, s.sales, s.units
    FROM order_sales s
{{/if}}
  ) o
  JOIN dim_customers k ON k.customer_id = o.customer_id
  WHERE o.order_date >= {{date_param "prev_start"}}
    AND o.order_date < {{date_param "end"}}
    {{#if country}}AND k.country = $country{{/if}}
) q
