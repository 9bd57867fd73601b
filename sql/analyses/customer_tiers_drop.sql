-- Drops the tiers cut by customer_tiers.sql once both reads are done.
DROP TABLE IF EXISTS {{temp_table "analysis_tiers" tiers}}
