-- How many employees there are: the groups of employees.sql, each of which
-- counts its distinct customers as bits when that many bitstrings stay small
-- (customerIdBounds, src/analyse/distinct-ids.ts). DuckDB answers from the
-- table's statistics.
SELECT COUNT(*) AS employees
FROM dim_employees
