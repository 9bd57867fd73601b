-- Drops the temporary tables once its analyses are done.
DROP TABLE IF EXISTS {{temp_table "analysis_customers" run}};
DROP TABLE IF EXISTS {{temp_table "analysis_orders" run}}
