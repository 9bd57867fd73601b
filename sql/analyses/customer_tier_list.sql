-- The customers a reader sees, from the tiers cut by customer_tiers.sql: the
-- largest overall and the first members of each tier, up to the limits passed
-- in, each carrying its tier's totals. Names are looked up only for them.
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
FROM {{temp_table "analysis_tiers" tiers}} n
JOIN dim_customers k ON k.customer_id = n.customer_id
WHERE n.position <= $top OR n.tier_position <= $member_cap
ORDER BY n.position
