-- The months before and in the period, for the dashboard: sales, orders and
-- customers who ordered, month by month from history_start (a year before the
-- period starts) to its end, for the sparklines (kind month); and the same
-- period a year before, year_ago_start to year_ago_end, as one row (kind
-- year_ago: its customers are counted once however many months they ordered
-- in). Reads the warehouse, as the run tables hold only the period and the
-- one before it; the filters apply as in run/orders.sql. Customers are
-- counted as bits where the caller gives the ids' bounds (customer_ids, see
-- count_distinct_ids in src/db/sql.ts).
WITH o AS (
{{#if category}}
  SELECT o.order_date, o.customer_id, x.sales
  FROM (
    {{> category_order_sales}}
  ) x
  JOIN orders o ON o.order_id = x.order_id
{{else}}
  SELECT o.order_date, o.customer_id, o.sales
  FROM order_sales o
{{/if}}
  {{#if country}}JOIN dim_customers k ON k.customer_id = o.customer_id{{/if}}
  WHERE o.order_date >= {{date_param "history_start"}}
    AND o.order_date < {{date_param "end"}}
    {{#if country}}AND k.country = $country{{/if}}
)
SELECT 'month' AS kind, {{year_month "m.month_start"}} AS month, m.sales, m.orders, m.customers
FROM (
  SELECT
    {{month_start "o.order_date"}} AS month_start,
    SUM(o.sales) AS sales,
    COUNT(*) AS orders,
    {{count_distinct_ids "o.customer_id" customer_ids.lo customer_ids.hi}} AS customers
  FROM o
  GROUP BY {{month_start "o.order_date"}}
) m
UNION ALL
SELECT 'year_ago' AS kind, NULL AS month, SUM(o.sales) AS sales, COUNT(*) AS orders,
  {{count_distinct_ids "o.customer_id" customer_ids.lo customer_ids.hi}} AS customers
FROM o
WHERE o.order_date >= {{date_param "year_ago_start"}}
  AND o.order_date < {{date_param "year_ago_end"}}
ORDER BY kind, month
