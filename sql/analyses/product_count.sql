-- How many products the catalogue holds within the category filter.
SELECT COUNT(*) AS products
FROM dim_products p
{{#if category}}WHERE p.category_name = $category{{/if}}
