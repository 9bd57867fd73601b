import assert from "node:assert/strict";
import { test } from "node:test";
import { connect } from "../db/connect.js";
import { ensureWarehouse } from "./warehouse.js";

test("the report reloads an embedded warehouse that lacks what this version reads, and reuses a complete one", async () => {
  const db = await connect("duckdb::memory:");
  try {
    assert.equal((await ensureWarehouse(db, "data", { embedded: true })).loaded, true);
    assert.equal((await ensureWarehouse(db, "data", { embedded: true })).loaded, false);
    await db.exec("DROP TABLE order_sales");
    const again = await ensureWarehouse(db, "data", { embedded: true });
    assert.equal(again.loaded, true);
    assert.equal(again.contents.sales, 386424.23);
    assert.equal(await db.exists("order_sales"), true);
  } finally {
    await db.close();
  }
});

test("a server warehouse without order_sales is refused with how to load it", async () => {
  const db = await connect("duckdb::memory:");
  try {
    await ensureWarehouse(db, "data", { embedded: true });
    await db.exec("DROP TABLE order_sales");
    await assert.rejects(
      ensureWarehouse(db, "data", { embedded: false }),
      /has no order_sales: load it \(again\) with npm run warehouse -- --db URL/,
    );
  } finally {
    await db.close();
  }
});
