-- The smallest and largest customer id of the orders: the bounds history.sql
-- counts distinct customers within, as bits (count_distinct_ids in
-- src/db/sql.ts). Every customer id the history counts is an order's, so
-- none falls outside them; DuckDB answers from the columns' statistics.
SELECT MIN(o.customer_id) AS lo, MAX(o.customer_id) AS hi
FROM orders o
