-- One row per customer in dim_customers (those who never ordered included),
-- with the behaviour features shared by segmentation and prediction, at a
-- reference date: orders up to and including $as_of count, nothing after.
-- Lines are first summed per order, then per customer, so the query never
-- counts distinct order ids over millions of lines. Money stays DECIMAL until
-- the final row, where sums become DOUBLE, counts INTEGER and dates ISO text:
-- the cheapest types to bring a million rows into JavaScript. Category
-- shares are pivoted here over the category ids the caller passes as context
-- (integers checked in features.ts), so a million customers come back as a
-- million rows, not one per customer and category.
WITH order_totals AS (
  SELECT
    l.customer_id,
    l.order_id,
    l.order_date,
    SUM(l.sales) AS sales,
    SUM(l.quantity) AS units
{{#each categories}}
    , SUM(CASE WHEN l.category_id = {{this.id}} THEN l.sales ELSE 0 END) AS {{this.column}}
{{/each}}
  FROM sales_lines l
  WHERE l.order_date <= {{date_param "as_of"}}
{{#if from}}
    AND l.order_date >= {{date_param "from"}}
{{/if}}
{{#if category}}
    AND l.category_name = $category
{{/if}}
  GROUP BY l.customer_id, l.order_id, l.order_date
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
{{#each categories}}
    , SUM(t.{{this.column}}) AS {{this.column}}
{{/each}}
  FROM order_totals t
  GROUP BY t.customer_id
)
SELECT
  c.customer_id,
  c.customer_name,
  c.country,
  CAST(COALESCE(ct.orders, 0) AS INTEGER) AS orders,
  {{double "COALESCE(ct.sales, 0)"}} AS sales,
  {{double "COALESCE(ct.units, 0)"}} AS units,
  CAST(ct.first_order AS {{text}}) AS first_order,
  CAST(ct.last_order AS {{text}}) AS last_order,
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
{{#if country}}
WHERE c.country = $country
{{/if}}
ORDER BY c.customer_id
