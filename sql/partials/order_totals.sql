{{!-- One row per order of the period and filters, for a CTE: read from order_sales, where the load summed each order's lines, unless a category filter keeps only some of an order's lines; those are summed here from sales_lines, to the same cent. Used as {{> order_totals}}. --}}
{{#if category}}
  SELECT s.order_id, s.order_date, s.customer_id, SUM(s.sales) AS value, COUNT(*) AS lines, SUM(s.quantity) AS units
  FROM sales_lines s
  WHERE s.order_date >= {{date_param "start"}}
    AND s.order_date < {{date_param "end"}}
    {{#if country}}AND s.country = $country{{/if}}
    AND s.category_name = $category
  GROUP BY s.order_id, s.order_date, s.customer_id
{{else}}
  SELECT o.order_id, o.order_date, o.customer_id, o.sales AS value, o.lines, o.units
  FROM order_sales o
  {{#if country}}JOIN customers c ON c.customer_id = o.customer_id{{/if}}
  WHERE o.order_date >= {{date_param "start"}}
    AND o.order_date < {{date_param "end"}}
    {{#if country}}AND c.country = $country{{/if}}
{{/if}}
