-- One row per customer in dim_customers (those who never ordered included),
-- with the behaviour features shared by segmentation and prediction, at a
-- reference date: orders up to and including $as_of count, nothing after.
-- The orders come from the partial customer_orders.sql: one row per order,
-- from order_sales without a category filter (the order lines are never
-- touched), that category's lines summed per order with one. Prediction's
-- earlier snapshots come from the same rows (customer_windows.sql).
-- Category shares need the lines: they are summed per customer
-- straight from order_details, products and orders (not the 8-way
-- sales_lines view), pivoted over the category ids the caller passes as
-- context (integers checked in features.ts), so a million customers come back
-- as a million rows, not one per customer and category; they are summed in
-- DOUBLE, since only their ratio to the customer's sales is kept (a quarter
-- of the query's time at ten million lines). Each line's value is multiplied
-- by its product's weight for the category, 1 or 0: the same sums as a CASE
-- per category, which took a tenth more of the query's CPU. Other money stays
-- DECIMAL until the final row, where sums become DOUBLE, counts INTEGER and
-- dates ISO text: the cheapest types to bring a million rows into JavaScript.
-- Names, countries and first/last order dates are left out when the caller
-- reads only numbers (`names`, `countries`, `dates`); on DuckDB the names come
-- from customer_name_list.sql instead.
WITH order_totals AS (
{{> customer_orders}}
),
customer_totals AS (
  SELECT
    t.customer_id,
    COUNT(*) AS orders,
    SUM(t.sales) AS sales,
    SUM(t.units) AS units,
    MIN(t.order_date) AS first_order,
    MAX(t.order_date) AS last_order,
    SUM(CASE WHEN t.order_date >= {{date_param "recent_from"}} THEN t.sales ELSE 0 END) AS sales_recent,
    SUM(CASE WHEN t.order_date >= {{date_param "prior_from"}} AND t.order_date < {{date_param "recent_from"}} THEN t.sales ELSE 0 END) AS sales_prior
  FROM order_totals t
  GROUP BY t.customer_id
){{#if categories.length}},
category_totals AS (
  SELECT
    o.customer_id
{{#each categories}}
    , SUM({{double "d.quantity * p.price"}} * p.w_{{this.column}}) AS {{this.column}}
{{/each}}
  FROM order_details d
  JOIN orders o ON o.order_id = d.order_id
  JOIN (
    SELECT product_id, price, category_name
{{#each categories}}
      , CASE WHEN category_id = {{this.id}} THEN {{double "1"}} ELSE {{double "0"}} END AS w_{{this.column}}
{{/each}}
    FROM dim_products
  ) p ON p.product_id = d.product_id
  WHERE o.order_date <= {{date_param "as_of"}}
{{#if from}}
    AND o.order_date >= {{date_param "from"}}
{{/if}}
{{#if category}}
    AND p.category_name = $category
{{/if}}
  GROUP BY o.customer_id
){{/if}}
SELECT
  c.customer_id,
{{#if names}}
  c.customer_name,
{{/if}}
{{#if countries}}
  c.country,
{{/if}}
  CAST(COALESCE(ct.orders, 0) AS INTEGER) AS orders,
  {{double "COALESCE(ct.sales, 0)"}} AS sales,
  {{double "COALESCE(ct.units, 0)"}} AS units,
{{#if dates}}
  CAST(ct.first_order AS {{text}}) AS first_order,
  CAST(ct.last_order AS {{text}}) AS last_order,
{{/if}}
  CAST({{days_between "ct.last_order" (date_param "as_of")}} AS INTEGER) AS recency_days,
  CAST({{days_between "ct.first_order" (date_param "as_of")}} AS INTEGER) AS tenure_days,
  {{ratio "ct.sales" "ct.orders"}} AS avg_order_value,
  {{double "COALESCE(ct.sales_recent, 0)"}} AS sales_recent,
  {{double "COALESCE(ct.sales_prior, 0)"}} AS sales_prior
{{#each categories}}
  , COALESCE({{ratio this.qualified "ct.sales"}}, 0) AS {{this.column}}
{{/each}}
FROM dim_customers c
LEFT JOIN customer_totals ct ON ct.customer_id = c.customer_id
{{#if categories.length}}
LEFT JOIN category_totals cat ON cat.customer_id = c.customer_id
{{/if}}
{{#if country}}
WHERE c.country = $country
{{/if}}
ORDER BY c.customer_id
