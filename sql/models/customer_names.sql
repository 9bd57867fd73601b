-- Names and countries of the customers the prediction lists (its top
-- customers, at most a few thousand), by id: the feature query reads numbers
-- only, so a million customers' names never cross into JavaScript. The ids
-- are whole numbers checked in src/model/prediction/index.ts and written into
-- the text, as the category pivot's are: one form for every dialect (with
-- none, IN (NULL) matches nothing).
SELECT c.customer_id, c.customer_name, c.country
FROM dim_customers c
WHERE c.customer_id IN ({{#each ids}}{{#unless @first}}, {{/unless}}{{this}}{{else}}NULL{{/each}})
ORDER BY c.customer_id
