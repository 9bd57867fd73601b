-- Customers ranked by sales in the period, with the running total behind the
-- Pareto curve and their loyalty tier, computed here so that only the
-- customers a reader sees leave the database: the largest overall and the
-- first members of each tier, up to the limits passed in. Ties in sales are
-- broken by customer id, so the order is the same on every database;
-- customers with equal sales share a tier, cut on the sales before the first
-- of them.
WITH ranked AS (
  SELECT
    c.*,
    ROW_NUMBER() OVER (ORDER BY c.sales DESC, c.customer_id) AS position,
    SUM(c.sales) OVER (ORDER BY c.sales DESC, c.customer_id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cumulative_sales,
    SUM(c.sales) OVER () AS total_sales
  FROM {{temp_table "analysis_customers" run}} c
  WHERE c.sales > 0
),
equals AS (
  SELECT r.*, MIN(r.cumulative_sales - r.sales) OVER (PARTITION BY r.sales) AS sales_before_equals
  FROM ranked r
),
tiered AS (
  SELECT
    e.*,
    CASE
      WHEN e.sales_before_equals < $tier1_bound * e.total_sales THEN 1
      WHEN e.sales_before_equals < $tier2_bound * e.total_sales THEN 2
      ELSE 3
    END AS tier
  FROM equals e
),
numbered AS (
  SELECT
    t.*,
    ROW_NUMBER() OVER (PARTITION BY t.tier ORDER BY t.position) AS tier_position,
    -- Each tier in full, carried on every row, as a tier may be listed only in part.
    COUNT(*) OVER (PARTITION BY t.tier) AS tier_customers,
    SUM(t.sales) OVER (PARTITION BY t.tier) AS tier_sales,
    SUM(CASE WHEN t.orders = 1 THEN 1 ELSE 0 END) OVER (PARTITION BY t.tier) AS tier_single_order
  FROM tiered t
)
{{#if every}}
-- With `every`: each customer's tier and position, for the Power BI extract
-- (figures.json lists only the largest; the extract needs every customer).
-- Three INTEGER columns, read as columns: no row object per customer.
SELECT n.customer_id, CAST(n.position AS INTEGER) AS position, CAST(n.tier AS INTEGER) AS tier
FROM numbered n
ORDER BY n.position
{{else}}
-- Names are looked up only for the customers returned.
SELECT
  n.customer_id,
  k.customer_name,
  k.city,
  k.country,
  n.sales,
  n.orders,
  n.units,
  n.first_order,
  n.last_order,
  n.previous_sales,
  n.previous_orders,
  n.position,
  n.cumulative_sales,
  n.total_sales,
  n.tier,
  n.tier_position,
  n.tier_customers,
  n.tier_sales,
  n.tier_single_order
FROM numbered n
JOIN dim_customers k ON k.customer_id = n.customer_id
WHERE n.position <= $top OR n.tier_position <= $member_cap
ORDER BY n.position
{{/if}}
