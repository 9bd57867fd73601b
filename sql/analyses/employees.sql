-- Every employee with their sales in the period and the one before, the months
-- in which they took orders, and their first order in the whole data (the only
-- trace of tenure the extracts hold). Customers are counted as bits where the
-- caller gives the ids' bounds (customer_ids, see count_distinct_ids in
-- src/db/sql.ts): at ten million order lines the query took 0.80-1.09 s of
-- CPU instead of 0.95-1.24 s, the sets of distinct ids being most of its work.
WITH per_employee AS (
  SELECT
    o.employee_id,
    SUM(CASE WHEN o.is_current = 1 THEN o.sales ELSE 0 END) AS sales,
    SUM(o.is_current) AS orders,
    {{count_distinct_ids "CASE WHEN o.is_current = 1 THEN o.customer_id END" customer_ids.lo customer_ids.hi}} AS customers,
    COUNT(DISTINCT CASE WHEN o.is_current = 1 THEN o.country END) AS countries,
    SUM(CASE WHEN o.is_current = 1 THEN o.units ELSE 0 END) AS units,
    COUNT(DISTINCT CASE WHEN o.is_current = 1 THEN o.month_start END) AS active_months,
    MIN(CASE WHEN o.is_current = 1 THEN o.order_date END) AS first_order,
    MAX(CASE WHEN o.is_current = 1 THEN o.order_date END) AS last_order,
    SUM(CASE WHEN o.is_current = 0 THEN o.sales ELSE 0 END) AS previous_sales,
    SUM(1 - o.is_current) AS previous_orders
  FROM {{temp_table "analysis_orders" run}} o
  GROUP BY o.employee_id
),
tenure AS (
  SELECT o.employee_id, MIN(o.order_date) AS first_order_ever
  FROM orders o
  GROUP BY o.employee_id
)
SELECT
  e.employee_id,
  e.employee_name,
  COALESCE(p.sales, 0) AS sales,
  COALESCE(p.orders, 0) AS orders,
  COALESCE(p.customers, 0) AS customers,
  COALESCE(p.countries, 0) AS countries,
  COALESCE(p.units, 0) AS units,
  COALESCE(p.active_months, 0) AS active_months,
  p.first_order,
  p.last_order,
  COALESCE(p.previous_sales, 0) AS previous_sales,
  COALESCE(p.previous_orders, 0) AS previous_orders,
  t.first_order_ever
FROM dim_employees e
LEFT JOIN per_employee p ON p.employee_id = e.employee_id
LEFT JOIN tenure t ON t.employee_id = e.employee_id
ORDER BY sales DESC, e.employee_name, e.employee_id
