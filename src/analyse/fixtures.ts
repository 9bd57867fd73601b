import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { createPostgresDatabase } from "../db/testing.js";
import { generateDataset } from "../generate/generate.js";
import { buildOrderSales } from "../load/order-sales.js";
import { loadWarehouse } from "../load/warehouse.js";

/**
 * Warehouses for tests: the real extract in memory, the same on a throwaway
 * PostgreSQL database, and a small generated data set with costs and three
 * years of history.
 */

export interface TestWarehouse {
  db: Database;
  dataDir: string;
  dispose(): Promise<void>;
}

export async function extractWarehouse(): Promise<TestWarehouse> {
  const db = await connect("duckdb::memory:");
  await loadWarehouse(db, { dataDir: "data" });
  return { db, dataDir: "data", dispose: () => db.close() };
}

/** The extract on a PostgreSQL database of its own, dropped by `dispose`. */
export async function postgresWarehouse(name: string, dataDir = "data"): Promise<TestWarehouse> {
  const scratch = await createPostgresDatabase(name);
  const db = await connect(scratch.url);
  await loadWarehouse(db, { dataDir });
  return {
    db,
    dataDir,
    async dispose() {
      await db.close();
      await scratch.drop();
    },
  };
}

/** A generated data set (with ProductCosts.csv) loaded into an in-memory DuckDB. */
export async function generatedWarehouse(orders = 3000, seed = 7): Promise<TestWarehouse> {
  const dataDir = mkdtempSync(join(tmpdir(), "sales-generated-"));
  await generateDataset({ orders, seed, outDir: dataDir });
  const db = await connect("duckdb::memory:");
  await loadWarehouse(db, { dataDir });
  return {
    db,
    dataDir,
    async dispose() {
      await db.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Sums each order's lines into order_sales again, as a load does: a test that
 * edits orders or order lines in place calls it, since the analyses read the
 * load's per-order sums rather than the lines.
 */
export async function resumOrders(db: Database): Promise<void> {
  await db.exec("DROP TABLE IF EXISTS order_sales");
  await buildOrderSales(db);
}
