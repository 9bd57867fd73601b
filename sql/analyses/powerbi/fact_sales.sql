-- Power BI fact table: one row per order line of the period (and filters), so
-- its sales add up to total_sales in figures.json. Keys point at the dimensions.
-- With `page`, the next page of lines after a given order line, for servers
-- read page by page (ROW_NUMBER rather than LIMIT or TOP, which differ by
-- dialect).
-- `unordered`: on DuckDB, in the order the join yields (half the time and
-- memory of sorting ten million lines) for the Parquet copy; the CSV's COPY
-- sorts by key in its outermost query.
-- Only the tables the columns and filters need are joined, as order_sales
-- joins them (lines, orders, products): the sales_lines view's names come
-- from five more tables, whose keys the load already checked, and at ten
-- million lines those joins cost a fifth of the query.
WITH lines AS (
  SELECT
    d.order_detail_id,
    o.order_id,
    o.order_date,
    o.customer_id,
    d.product_id,
    o.employee_id,
    o.shipper_id,
    d.quantity,
    p.price AS unit_price,
    {{> line_sales}} AS sales,
    CAST(d.quantity * p.unit_cost AS DECIMAL(18, 2)) AS cost{{#if page}},
    ROW_NUMBER() OVER (ORDER BY d.order_detail_id) AS position{{/if}}
  FROM order_details d
  JOIN orders o ON o.order_id = d.order_id
  JOIN dim_products p ON p.product_id = d.product_id
  {{#if country}}JOIN dim_customers c ON c.customer_id = o.customer_id{{/if}}
  WHERE o.order_date >= {{date_param "start"}}
    AND o.order_date < {{date_param "end"}}
    {{#if country}}AND c.country = $country{{/if}}
    {{#if category}}AND p.category_name = $category{{/if}}
    {{#if page}}AND d.order_detail_id > $after{{/if}}
)
SELECT l.order_detail_id, l.order_id, l.order_date, l.customer_id, l.product_id, l.employee_id, l.shipper_id, l.quantity, l.unit_price, l.sales, l.cost
FROM lines l
{{#if page}}WHERE l.position <= $page_size{{/if}}
{{#unless unordered}}ORDER BY l.order_detail_id{{/unless}}
