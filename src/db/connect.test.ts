import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { connect, NoWarehouseError } from "./connect.js";

test("connect holds an embedded DuckDB to the memory it is given", async () => {
  const db = await connect("duckdb::memory:", { memory: "123MB" });
  try {
    const [row] = await db.query<{ limit: string }>("SELECT current_setting('memory_limit') AS limit");
    assert.match(row.limit, /^11\d(\.\d+)? MiB$/);
  } finally {
    await db.close();
  }
});

test("an embedded DuckDB, read-only or not, hands the memory its queries freed back from a background thread", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sales-allocator-"));
  const file = join(dir, "w.duckdb");
  const setting = async (db: Awaited<ReturnType<typeof connect>>) => {
    const [row] = await db.query<{ on: string }>("SELECT current_setting('allocator_background_threads') AS on");
    await db.close();
    return String(row.on);
  };
  try {
    assert.equal(await setting(await connect(`duckdb:${file}`)), "true");
    assert.equal(await setting(await connect(`duckdb:${file}`, { readOnly: true })), "true");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("SALES_DUCKDB_MEMORY, set once, holds every embedded DuckDB a command opens; unset, only those asked", async () => {
  const limitOf = async (db: Awaited<ReturnType<typeof connect>>) => {
    const [row] = await db.query<{ limit: string }>("SELECT current_setting('memory_limit') AS limit");
    await db.close();
    return row.limit;
  };
  assert.match(
    await limitOf(await connect("duckdb::memory:", {}, { SALES_DUCKDB_MEMORY: "321MB" })),
    /^30\d(\.\d+)? MiB$/,
  );
  assert.doesNotMatch(await limitOf(await connect("duckdb::memory:", {}, {})), /^30\d(\.\d+)? MiB$/);
  await assert.rejects(
    connect("duckdb::memory:", {}, { SALES_DUCKDB_MEMORY: "lots" }),
    /SALES_DUCKDB_MEMORY is "lots": expected a size such as 512MB or 2GB/,
  );
});

test("a DuckDB file opened read-only reads its tables and refuses writes, beside another reader", async () => {
  const dir = await mkdtemp(join(tmpdir(), "connect-read-only-"));
  const url = `duckdb:${join(dir, "w.duckdb")}`;
  try {
    const writer = await connect(url);
    await writer.exec("CREATE TABLE orders AS SELECT 1 AS id");
    await writer.close();
    const [a, b] = [await connect(url, { readOnly: true }), await connect(url, { readOnly: true })];
    try {
      assert.deepEqual(await a.query("SELECT id FROM orders"), [{ id: 1 }]);
      assert.ok(await b.exists("orders"));
      await assert.rejects(a.exec("INSERT INTO orders VALUES (2)"), /read-only/i);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test("a DuckDB file that must exist and does not is refused by name, and nothing is created in its place", async () => {
  const dir = await mkdtemp(join(tmpdir(), "sales-missing-"));
  const file = join(dir, "typo", "w.duckdb");
  try {
    for (const options of [{ existing: true }, { readOnly: true }]) {
      await assert.rejects(connect(`duckdb:${file}`, options), (error: unknown) => {
        assert.ok(error instanceof NoWarehouseError);
        assert.equal(
          error.message,
          `No DuckDB warehouse at ${file}: load it first (npm run warehouse -- --db duckdb:${file})`,
        );
        return true;
      });
    }
    assert.equal(existsSync(join(dir, "typo")), false);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
