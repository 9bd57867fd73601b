-- Power BI fact table: one row per order line of the period (and filters), so
-- its sales add up to total_sales in figures.json. Keys point at the dimensions.
-- With `page`, the next page of lines after a given order line, for servers
-- read page by page (ROW_NUMBER rather than LIMIT or TOP, which differ by
-- dialect).
WITH lines AS (
  SELECT
    s.order_detail_id,
    s.order_id,
    s.order_date,
    s.customer_id,
    s.product_id,
    s.employee_id,
    s.shipper_id,
    s.quantity,
    s.unit_price,
    s.sales,
    s.cost{{#if page}},
    ROW_NUMBER() OVER (ORDER BY s.order_detail_id) AS position{{/if}}
  FROM sales_lines s
  WHERE s.order_date >= {{date_param "start"}}
    AND s.order_date < {{date_param "end"}}
    {{#if country}}AND s.country = $country{{/if}}
    {{#if category}}AND s.category_name = $category{{/if}}
    {{#if page}}AND s.order_detail_id > $after{{/if}}
)
SELECT l.order_detail_id, l.order_id, l.order_date, l.customer_id, l.product_id, l.employee_id, l.shipper_id, l.quantity, l.unit_price, l.sales, l.cost
FROM lines l
{{#if page}}WHERE l.position <= $page_size{{/if}}
ORDER BY l.order_detail_id
