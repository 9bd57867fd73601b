-- Every customer's orders up to and including $as_of, summed per window of
-- $window_days days counted back from $as_of: window 0 is ($as_of -
-- $window_days, $as_of], window 1 the one before, and so on; orders on or
-- before $oldest (the end of window $last_window) all count in window
-- $last_window. One row per customer and window they ordered in, by
-- customer (windows in no particular order). Prediction's backtest builds its snapshots at $as_of,
-- $as_of - $window_days, … from these rows (model/prediction/windows.ts):
-- what a read of customer_features.sql at each of those dates gives, from
-- one pass over the orders instead of one per date. The orders are
-- customer_features.sql's own (the partial customer_orders.sql). Sales come
-- as DOUBLE, close enough to the exact sum to be read back as whole cents;
-- first and last orders as days before $as_of.
WITH order_totals AS (
{{> customer_orders}}
)
SELECT
  w.customer_id,
  w.window_index,
  CAST(COUNT(*) AS INTEGER) AS orders,
  {{double "SUM(w.sales)"}} AS sales,
  CAST({{days_between "MIN(w.order_date)" (date_param "as_of")}} AS INTEGER) AS first_days,
  CAST({{days_between "MAX(w.order_date)" (date_param "as_of")}} AS INTEGER) AS last_days
FROM (
  SELECT
    t.customer_id,
    t.order_date,
    t.sales,
    CASE
      WHEN t.order_date <= {{date_param "oldest"}} THEN CAST($last_window AS INTEGER)
      ELSE {{whole_quotient (days_between "t.order_date" (date_param "as_of")) "CAST($window_days AS INTEGER)"}}
    END AS window_index
  FROM order_totals t
{{#if country}}
  JOIN dim_customers c ON c.customer_id = t.customer_id
  WHERE c.country = $country
{{/if}}
) w
GROUP BY w.customer_id, w.window_index
ORDER BY w.customer_id
