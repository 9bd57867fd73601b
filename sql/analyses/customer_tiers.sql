-- Customers ranked by sales in the period, with the running total behind the
-- Pareto curve and their loyalty tier, cut once into a temporary table that
-- two reads share: the customers a reader sees, with their names
-- (customer_tier_list.sql: the largest overall and the first members of each
-- tier, up to the limits passed in), and every customer's tier and place for
-- the Power BI extract (customer_tier_ranks.sql): the extract's tiers are the
-- figures' by construction. At ten million order lines two queries that each
-- cut the tiers took 0.69-0.79 s (1.14-1.33 s of CPU), the table and its two
-- reads 0.53-0.63 s (0.82-0.99 s), four rounds. Ties in sales are broken by
-- customer id, so the order is the same on every database; customers with
-- equal sales share a tier, cut on the sales before the first of them. On SQL
-- Server the table is a global one (see the temp_table helper), made by
-- SELECT … INTO after the WITH.
{{#if_dialect "tsql"}}{{else}}CREATE TEMPORARY TABLE {{temp_table "analysis_tiers" tiers}} AS
{{/if_dialect}}WITH ranked AS (
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
SELECT n.*
{{#if_dialect "tsql"}}INTO {{temp_table "analysis_tiers" tiers}}
{{/if_dialect}}FROM numbered n
