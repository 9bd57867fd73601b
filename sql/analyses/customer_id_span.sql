-- The smallest and largest customer id on file: the bounds history.sql counts
-- distinct customers within, as bits (count_distinct_ids in src/db/sql.ts).
-- Every order's customer is on file (the load checks it), so no order's
-- customer falls outside them.
SELECT MIN(c.customer_id) AS lo, MAX(c.customer_id) AS hi
FROM customers c
