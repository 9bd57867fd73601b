{{!-- Every order of the customers up to and including $as_of (from $from when given), one row each: customer, date, sales and units. Without a category filter, from order_sales, summed per order at load; with one, only that category's lines, summed per order (category_order_sales.sql). For a CTE of the customer features (customer_features.sql, customer_windows.sql): {{> customer_orders}}. --}}
{{#if category}}
  SELECT o.customer_id, o.order_date, x.sales, x.units
  FROM (
    {{> category_order_sales}}
  ) x
  JOIN orders o ON o.order_id = x.order_id
  WHERE o.order_date <= {{date_param "as_of"}}
{{#if from}}
    AND o.order_date >= {{date_param "from"}}
{{/if}}
{{else}}
  SELECT s.customer_id, s.order_date, s.sales, s.units
  FROM order_sales s
  WHERE s.order_date <= {{date_param "as_of"}}
{{#if from}}
    AND s.order_date >= {{date_param "from"}}
{{/if}}
{{/if}}
