-- Sales, units, order lines and cost by product in the period, and sales in
-- the one before, from the order lines of the orders of the run (which carry
-- the period and the country filter). Categories and suppliers are sums of
-- their products. Order lines are counted rather than distinct orders: an
-- order lists a product on one line, so for a product the two agree, and
-- counting distinct orders per group would cost more than every other query
-- of the analyses on ten million lines. Sales and cost are computed exactly
-- as sales_lines does; cost is summed only where ProductCosts.csv gave one,
-- and uncosted_sales says how much of the sales had none, so profit can fall
-- back to an estimate.
SELECT
  d.product_id,
  SUM(CASE WHEN o.is_current = 1 THEN {{> line_sales}} ELSE 0 END) AS sales,
  SUM(CASE WHEN o.is_current = 1 THEN d.quantity ELSE 0 END) AS units,
  SUM(o.is_current) AS order_lines,
  SUM(CASE WHEN o.is_current = 1 THEN CAST(d.quantity * p.unit_cost AS DECIMAL(18, 2)) END) AS cost,
  SUM(CASE WHEN o.is_current = 1 AND p.unit_cost IS NULL THEN {{> line_sales}} ELSE 0 END) AS uncosted_sales,
  SUM(CASE WHEN o.is_current = 0 THEN {{> line_sales}} ELSE 0 END) AS previous_sales
FROM order_details d
{{#if whole}}
-- The period holds every order and nothing comes before it: no line needs its
-- order, which saves joining every line when the period is all.
CROSS JOIN (SELECT 1 AS is_current) o
{{else}}
JOIN {{temp_table "analysis_orders" run}} o ON o.order_id = d.order_id
{{/if}}
JOIN dim_products p ON p.product_id = d.product_id
{{#if category}}WHERE p.category_name = $category{{/if}}
GROUP BY d.product_id
