import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import sqlParser from "node-sql-parser";
import { connect } from "../db/connect.js";
import { createPostgresDatabase, postgresUnavailable, type ScratchDatabase } from "../db/testing.js";
import { keyStatements } from "../load/keys.js";
import { EXTRACT_FIGURES, totalSales } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";

/** Issue 10, point 4: the server warehouses carry keys and the analyses' indexes. */

const skip = await postgresUnavailable();

test("the SQL Server warehouse gets the same keys and indexes, in T-SQL that parses", () => {
  const statements = keyStatements("tsql");
  assert.ok(statements.includes("ALTER TABLE orders ADD CONSTRAINT pk_orders PRIMARY KEY (order_id)"));
  assert.ok(
    statements.includes(
      "ALTER TABLE orders ADD CONSTRAINT fk_orders_customer_id FOREIGN KEY (customer_id) REFERENCES customers (customer_id)",
    ),
  );
  assert.ok(statements.includes("CREATE INDEX ix_orders_customer_id_order_date ON orders (customer_id, order_date)"));
  // node-sql-parser 5.4's T-SQL grammar has no ALTER TABLE … ADD … FOREIGN KEY (a gap in the parser:
  // https://learn.microsoft.com/sql/t-sql/statements/alter-table-table-constraint-transact-sql), so those are held to a strict pattern.
  const parser = new sqlParser.Parser();
  const fk = /^ALTER TABLE [a-z_]+ ADD CONSTRAINT fk_[a-z_]+ FOREIGN KEY \([a-z_]+\) REFERENCES [a-z_]+ \([a-z_]+\)$/;
  for (const statement of statements)
    if (/FOREIGN KEY/.test(statement)) assert.match(statement, fk);
    else assert.doesNotThrow(() => parser.astify(statement, { database: "transactsql" }), statement);
  assert.deepEqual(keyStatements("duckdb"), []);
});

describe("a PostgreSQL warehouse", { skip }, () => {
  let scratch: ScratchDatabase;
  before(async () => {
    scratch = await createPostgresDatabase("keys");
  });
  after(async () => scratch?.drop());

  test("has a primary key on every table, its foreign keys and indexes, and reloads over them", async () => {
    const db = await connect(scratch.url);
    try {
      await loadWarehouse(db, { dataDir: "data" });
      await loadWarehouse(db, { dataDir: "data" }); // the second swap drops tables that foreign keys point at
      const constraints = await db.query<{ table_name: string; constraint_type: string }>(
        "SELECT table_name, constraint_type FROM information_schema.table_constraints WHERE table_schema = current_schema() AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY')",
      );
      const primary = constraints
        .filter((c) => c.constraint_type === "PRIMARY KEY")
        .map((c) => c.table_name)
        .sort();
      assert.deepEqual(primary, [
        "categories",
        "customers",
        "employees",
        "order_details",
        "order_sales",
        "orders",
        "product_costs",
        "products",
        "shippers",
        "suppliers",
      ]);
      assert.equal(constraints.filter((c) => c.constraint_type === "FOREIGN KEY").length, 7);
      const indexes = await db.query<{ indexname: string }>(
        "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE 'ix_%'",
      );
      assert.ok(indexes.some((i) => i.indexname === "ix_orders_customer_id_order_date"));
      assert.equal(await totalSales(db), EXTRACT_FIGURES.total);
    } finally {
      await db.close();
    }
  });
});
