import type { Database } from "../db/adapter.js";
import { createTable } from "../db/ddl.js";
import { loadWarehouse, missingFromWarehouse, notLoadedError } from "../load/warehouse.js";
import { fingerprintData, type DataFingerprint } from "./fingerprint.js";

/**
 * The report's first stage: make sure the warehouse holds the extracts of
 * `dataDir`. The embedded DuckDB is (re)loaded when it is empty or was loaded
 * from other files; a server warehouse is the user's to load, so it is only
 * checked.
 */

/** Remembers which extracts the embedded warehouse was loaded from. */
const TABLE = "report_data_fingerprint";

export interface WarehouseState {
  /** The fingerprint of the extracts the warehouse was loaded from; null for a server warehouse, loaded by others. */
  fingerprint: DataFingerprint | null;
  /** True when this run loaded the extracts. */
  loaded: boolean;
  /** What the warehouse holds, counted in SQL: identifies the data a server warehouse had at report time. */
  contents: WarehouseContents;
  warnings: string[];
}

export interface WarehouseContents {
  orders: number;
  order_lines: number;
  sales: number;
  first_order: string | null;
  last_order: string | null;
}

export async function ensureWarehouse(
  db: Database,
  dataDir: string,
  options: { embedded: boolean },
): Promise<WarehouseState> {
  if (!options.embedded) {
    const missing = await missingFromWarehouse(db);
    if (missing.length) throw notLoadedError(db, missing);
    return { fingerprint: null, loaded: false, contents: await contents(db), warnings: [] };
  }
  const fingerprint = await fingerprintData(dataDir);
  // Loaded from the same files, by a version that built everything this one reads.
  if ((await storedFingerprint(db)) === fingerprint.sha256 && !(await missingFromWarehouse(db)).length)
    return { fingerprint, loaded: false, contents: await contents(db), warnings: [] };
  const summary = await loadWarehouse(db, { dataDir });
  await db.exec(`DROP TABLE IF EXISTS ${TABLE}`);
  await db.exec(
    createTable(db.dialect, TABLE, [
      { name: "sha256", type: "text" },
      { name: "loaded_at", type: "text" },
    ]),
  );
  await db.query(`INSERT INTO ${TABLE} (sha256, loaded_at) VALUES ($sha256, $at)`, {
    sha256: fingerprint.sha256,
    at: new Date().toISOString(),
  });
  return { fingerprint, loaded: true, contents: await contents(db), warnings: summary.warnings };
}

/** Two aggregates pushed down to the warehouse, whatever its size. */
async function contents(db: Database): Promise<WarehouseContents> {
  const [o] = await db.query<{ orders: number; first_order: string | null; last_order: string | null }>(
    "SELECT COUNT(*) AS orders, MIN(order_date) AS first_order, MAX(order_date) AS last_order FROM orders",
  );
  const [l] = await db.query<{ order_lines: number; sales: number | null }>(
    "SELECT COUNT(*) AS order_lines, SUM(sales) AS sales FROM sales_lines",
  );
  return {
    orders: o.orders,
    order_lines: l.order_lines,
    sales: l.sales ?? 0,
    first_order: o.first_order,
    last_order: o.last_order,
  };
}

async function storedFingerprint(db: Database): Promise<string | null> {
  if (!(await db.exists(TABLE))) return null;
  const [row] = await db.query<{ sha256: string }>(`SELECT sha256 FROM ${TABLE}`);
  return row?.sha256 ?? null;
}
