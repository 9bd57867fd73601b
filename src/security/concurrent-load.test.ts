import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { createPostgresDatabase, postgresUnavailable, type ScratchDatabase } from "../db/testing.js";
import { LoadLockedError } from "../load/lock.js";
import { EXTRACT_FIGURES, totalSales } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";

/** Issue 10, point 3: two loads into one PostgreSQL warehouse serialise or refuse; the total stays exact. */

const skip = await postgresUnavailable();

describe("concurrent loads into one PostgreSQL warehouse", { skip }, () => {
  let scratch: ScratchDatabase;
  before(async () => {
    scratch = await createPostgresDatabase("concurrent");
    await withDb((db) => loadWarehouse(db, { dataDir: "data" }));
  });
  after(async () => {
    delete process.env.SALES_LOAD_LOCK_WAIT;
    await scratch?.drop();
  });

  async function withDb<T>(work: (db: Database) => Promise<T>): Promise<T> {
    const db = await connect(scratch.url);
    try {
      return await work(db);
    } finally {
      await db.close();
    }
  }

  const stagingTables = () =>
    withDb((db) =>
      db.query<{ n: number }>("SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE 'stg%'"),
    ).then(([r]) => Number(r.n));

  test("three loads started at once all succeed one after another and the total stays exact", async () => {
    const results = await Promise.all([1, 2, 3].map(() => withDb((db) => loadWarehouse(db, { dataDir: "data" }))));
    assert.ok(results.every((r) => r.rows.orders === EXTRACT_FIGURES.orders));
    assert.equal(await withDb(totalSales), EXTRACT_FIGURES.total);
    assert.equal(
      await withDb(async (db) => Number((await db.query<{ n: number }>("SELECT count(*) AS n FROM orders"))[0].n)),
      EXTRACT_FIGURES.orders,
    );
    assert.equal(await stagingTables(), 0, "no staging table left");
  });

  test("a load that cannot get the lock in time refuses, says since when the other runs, and changes nothing", async () => {
    const holder = new pg.Client({ connectionString: scratch.url });
    await holder.connect();
    try {
      await holder.query(
        "SELECT set_config('application_name', 'sales-insight load since 2026-01-02T03:04:05.000Z', false)",
      );
      await holder.query("SELECT pg_advisory_lock(CAST($1 AS INTEGER), CAST($2 AS INTEGER))", [0x73616c65, 0x6c6f6164]);
      process.env.SALES_LOAD_LOCK_WAIT = "0.5";
      await assert.rejects(
        withDb((db) => loadWarehouse(db, { dataDir: "data" })),
        (e: Error) =>
          e instanceof LoadLockedError &&
          /^another load is running since 2026-01-02T03:04:05\.000Z \(server process \d+/.test(e.message),
      );
      assert.equal(await withDb(totalSales), EXTRACT_FIGURES.total);
    } finally {
      delete process.env.SALES_LOAD_LOCK_WAIT;
      await holder.end();
    }
  });

  test("a waiting load goes ahead as soon as the other ends", async () => {
    const holder = new pg.Client({ connectionString: scratch.url });
    await holder.connect();
    await holder.query("SELECT pg_advisory_lock(CAST($1 AS INTEGER), CAST($2 AS INTEGER))", [0x73616c65, 0x6c6f6164]);
    const released = new Promise<void>((r) => setTimeout(() => void holder.end().then(r), 1000));
    const started = performance.now();
    await withDb((db) => loadWarehouse(db, { dataDir: "data" }));
    await released;
    assert.ok(performance.now() - started >= 900, "it waited for the holder");
    assert.equal(await withDb(totalSales), EXTRACT_FIGURES.total);
  });

  test("staging tables a killed load left behind are dropped by the next load", async () => {
    await withDb((db) =>
      db.exec("CREATE TABLE stg_customers (x INTEGER); CREATE TABLE stg_0badcafe_orders (x INTEGER)"),
    );
    await withDb((db) => loadWarehouse(db, { dataDir: "data" }));
    assert.equal(await stagingTables(), 0);
  });
});
