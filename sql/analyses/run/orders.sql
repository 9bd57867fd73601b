-- The orders of a run: one row per order of the period or of the one before
-- it, with the sales and units of the lines the filters keep. Built once per
-- run, so the analyses read one row per order instead of every order line.
-- It reads the order lines directly rather than through sales_lines: on ten
-- million lines the view joins six tables this pass does not need, which
-- doubles its cost. Sales and cost are computed exactly as sales_lines does
-- (quantity times the list price, to the cent), and a test holds the two to
-- the same totals. A session-scoped temporary table; on SQL Server a global
-- one (see the temp_table helper).
{{#if_dialect "tsql"}}SELECT q.* INTO {{temp_table "analysis_orders" run}} FROM ({{else}}CREATE TEMPORARY TABLE {{temp_table "analysis_orders" run}} AS SELECT q.* FROM ({{/if_dialect}}
  SELECT
    o.order_id,
    o.order_date,
    {{month_start "o.order_date"}} AS month_start,
    o.customer_id,
    o.employee_id,
    k.country,
    CASE WHEN o.order_date >= {{date_param "start"}} THEN 1 ELSE 0 END AS is_current,
    x.sales,
    x.units
  FROM (
    -- Lines are summed per order before meeting the orders: one join of
    -- orders instead of one per line.
    SELECT
      d.order_id,
      SUM(CAST(d.quantity * p.price AS DECIMAL(18, 2))) AS sales,
      SUM(d.quantity) AS units
    FROM order_details d
    JOIN dim_products p ON p.product_id = d.product_id
    {{#if category}}WHERE p.category_name = $category{{/if}}
    GROUP BY d.order_id
  ) x
  JOIN orders o ON o.order_id = x.order_id
  JOIN dim_customers k ON k.customer_id = o.customer_id
  WHERE o.order_date >= {{date_param "prev_start"}}
    AND o.order_date < {{date_param "end"}}
    {{#if country}}AND k.country = $country{{/if}}
) q
