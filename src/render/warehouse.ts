import { existsSync } from "node:fs";
import type { Database } from "../db/adapter.js";
import { changedFiles, currentSource, readSource, sourceFolder } from "../load/source.js";
import { loadWarehouse, missingFromWarehouse, notLoadedError, SUMMARIES, VIEWS } from "../load/warehouse.js";
import { fingerprintData, type DataFingerprint } from "./fingerprint.js";

/**
 * The report's first stage: make sure the warehouse holds the extracts. The
 * embedded DuckDB is loaded from `dataDir` when it is empty or lacks what
 * this version reads, when asked (`reload`, or `dataDir` given explicitly and
 * not what it was loaded from), or when it was loaded from the files of
 * `dataDir` and they have changed since. A warehouse the user loaded from
 * other files is used as it is, with a notice saying so; so is one whose
 * origin an earlier version did not record. A server warehouse is the user's
 * to load, so it is only checked; so is any warehouse of the API's reports
 * (`asIs`).
 */

/** Where an earlier version of the report remembered the SHA-256 of the extracts it loaded. */
const LEGACY_TABLE = "report_data_fingerprint";

export interface WarehouseState {
  /** The fingerprint of the extracts the warehouse was loaded from; null for a server warehouse, loaded by others. */
  fingerprint: DataFingerprint | null;
  /** True when this run loaded the extracts. */
  loaded: boolean;
  /** What the warehouse holds, counted in SQL: identifies the data a server warehouse had at report time. */
  contents: WarehouseContents;
  warnings: string[];
  /** The data folder the warehouse holds (the analyses read its cost assumptions); null for a server warehouse. */
  dataDir: string | null;
  /** Why the warehouse was loaded, or why it was used as it is; for stderr. */
  notice: string | null;
}

export interface WarehouseContents {
  orders: number;
  order_lines: number;
  sales: number;
  first_order: string | null;
  last_order: string | null;
  /** When the warehouse was last loaded (ISO), as its load recorded; null when no load recorded it. */
  loaded_at: string | null;
}

export interface WarehouseOptions {
  embedded: boolean;
  /**
   * Never load, whatever the warehouse holds: it is checked and used as it
   * is, as a server warehouse is (the API's report jobs: loading is the
   * warehouse command's, or a scrape job's, not a side effect of a request).
   */
  asIs?: boolean;
  /** Load from `dataDir` whatever the warehouse holds. */
  reload?: boolean;
  /** The user named `dataDir` (--data): load from it unless the warehouse holds those same files. */
  dataGiven?: boolean;
}

export async function ensureWarehouse(
  db: Database,
  dataDir: string,
  options: WarehouseOptions,
): Promise<WarehouseState> {
  const found = await inspectWarehouse(db, dataDir, options);
  if (!("load" in found)) return found;
  const fingerprint = await fingerprintData(dataDir);
  const summary = await loadWarehouse(db, { dataDir });
  await db.exec(`DROP TABLE IF EXISTS ${LEGACY_TABLE}`);
  return {
    fingerprint,
    loaded: true,
    contents: await contents(db),
    warnings: summary.warnings,
    dataDir,
    notice: found.notice,
  };
}

/**
 * What ensureWarehouse would do, by reading alone: the state of a warehouse
 * used as it is, or why it must be loaded. A reader may ask it (a report
 * beside open notebook kernels opens the file for writing only to load it).
 */
export async function inspectWarehouse(
  db: Database,
  dataDir: string,
  options: WarehouseOptions,
): Promise<WarehouseState | { load: true; notice: string | null }> {
  if (!options.embedded || options.asIs) {
    if (options.reload && !options.embedded)
      throw new Error(
        `--reload loads only the embedded DuckDB warehouse; load ${db.label} with npm run warehouse -- --db URL --data DIR`,
      );
    const missing = await missingFromWarehouse(db);
    if (missing.length) throw notLoadedError(db, missing);
    return {
      fingerprint: null,
      loaded: false,
      contents: await contents(db),
      warnings: [],
      dataDir: null,
      notice: null,
    };
  }
  const decision = await decide(db, dataDir, options);
  if (decision.load === false)
    return {
      fingerprint: decision.fingerprint ?? (decision.unchanged ? await fingerprintData(decision.dataDir) : null),
      loaded: false,
      contents: await contents(db),
      warnings: [],
      dataDir: existsSync(decision.dataDir) ? decision.dataDir : dataDir,
      notice: decision.notice,
    };
  return { load: true, notice: decision.notice };
}

type Decision =
  | { load: true; notice: string | null }
  | {
      load: false;
      /** The folder the warehouse was loaded from. */
      dataDir: string;
      /** Its files are as they were at the load, so their fingerprint is the warehouse's. */
      unchanged: boolean;
      fingerprint?: DataFingerprint;
      notice: string | null;
    };

async function decide(db: Database, dataDir: string, options: WarehouseOptions): Promise<Decision> {
  const missing = await missingFromWarehouse(db);
  if (missing.length === VIEWS.length + SUMMARIES.length) return { load: true, notice: null };
  if (missing.length)
    return { load: true, notice: `the warehouse ${db.label} lacks ${missing.join(", ")}: loading it from ${dataDir}` };
  if (options.reload) return { load: true, notice: `--reload: loading the warehouse from ${dataDir}` };
  const folder = sourceFolder(dataDir);
  const source = await readSource(db);
  const reloadHint = options.dataGiven ? "" : ` (--reload, or --data ${dataDir}, loads ${dataDir} instead)`;
  if (source === null) {
    // Loaded by a version that kept no record: the report's own fingerprint, if any, says whether it is this folder's.
    const legacy = await legacyFingerprint(db);
    const fingerprint = legacy ? await fingerprintData(dataDir).catch(() => null) : null;
    if (fingerprint && fingerprint.sha256 === legacy)
      return { load: false, dataDir: folder, unchanged: true, fingerprint, notice: null };
    if (options.dataGiven) return { load: true, notice: null };
    return {
      load: false,
      dataDir: folder,
      unchanged: false,
      notice: `the warehouse ${db.label} does not record which files it was loaded from (an earlier version loaded it): using it as it is${reloadHint}`,
    };
  }
  if (source.dataDir === folder) {
    const changed = changedFiles(source, currentSource(folder));
    if (changed.length === 0) return { load: false, dataDir: folder, unchanged: true, notice: null };
    return {
      load: true,
      notice: `${dataDir} changed since the warehouse was loaded (${changed.join(", ")}): loading it again`,
    };
  }
  if (options.dataGiven)
    return { load: true, notice: `the warehouse was loaded from ${source.dataDir}: loading ${dataDir} into it` };
  return {
    load: false,
    dataDir: source.dataDir,
    unchanged: existsSync(source.dataDir) && changedFiles(source, currentSource(source.dataDir)).length === 0,
    notice: `the warehouse ${db.label} was loaded from ${source.dataDir}${source.loadedAt ? ` at ${source.loadedAt}` : ""}, not from ${dataDir}: using it as it is${reloadHint}`,
  };
}

/**
 * Two aggregates pushed down (and the load's record) to the warehouse, whatever its size. Lines and
 * sales come from order_sales, where the load summed each order's lines (the
 * same totals as sales_lines, a load test holds them equal), rather than
 * joining every order line to six tables again.
 */
async function contents(db: Database): Promise<WarehouseContents> {
  const [o] = await db.query<{ orders: number; first_order: string | null; last_order: string | null }>(
    "SELECT COUNT(*) AS orders, MIN(order_date) AS first_order, MAX(order_date) AS last_order FROM orders",
  );
  const [l] = await db.query<{ order_lines: number | null; sales: number | null }>(
    "SELECT SUM(lines) AS order_lines, SUM(sales) AS sales FROM order_sales",
  );
  return {
    orders: o.orders,
    order_lines: l.order_lines ?? 0,
    sales: l.sales ?? 0,
    first_order: o.first_order,
    last_order: o.last_order,
    loaded_at: (await readSource(db))?.loadedAt ?? null,
  };
}

async function legacyFingerprint(db: Database): Promise<string | null> {
  if (!(await db.exists(LEGACY_TABLE))) return null;
  const [row] = await db.query<{ sha256: string }>(`SELECT sha256 FROM ${LEGACY_TABLE}`);
  return row?.sha256 ?? null;
}
