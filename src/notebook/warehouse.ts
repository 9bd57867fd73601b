import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isAbsolute, resolve } from "node:path";
import { QueryRunner, type AnalysisContext, type Filters } from "../analyse/analysis.js";
import { resolveFilters } from "../analyse/filters.js";
import { resolvePeriod } from "../analyse/period.js";
import type { Database } from "../db/adapter.js";
import { connect, limitMemory } from "../db/connect.js";
import { loadingInto } from "../db/fresh-file.js";
import { canonicalDbUrl, parseDbUrl } from "../db/url.js";
import { loadWarehouse } from "../load/warehouse.js";

/**
 * How a notebook gets its data: one connection per warehouse URL for the life
 * of the kernel, so rerunning a cell does not open another. The registry sits
 * on `globalThis` because the headless runner (running from `src/`) closes
 * what notebooks (importing `dist/`) opened: two copies of this module.
 */

/** The project's own `data/` folder (from `src/notebook` or `dist/notebook` alike). */
export const PROJECT_DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

const REGISTRY = Symbol.for("sales-insight.notebook.warehouses");
type Registry = Map<string, Promise<Database>>;
const registry = (): Registry => ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= new Map());

export interface OpenOptions {
  /** Where the extracts are, to load them when the warehouse is empty. Default: the project's data/. */
  dataDir?: string;
}

/**
 * Connects to the warehouse, loading the extracts first if it holds no orders
 * yet. A DuckDB file is then opened read-only (see read-only.ts), so several
 * notebooks can read it at once; other databases take concurrent readers anyway.
 */
export function openWarehouse(url: string, options: OpenOptions = {}): Promise<Database> {
  const key = canonicalDbUrl(url);
  let db = registry().get(key);
  if (!db) {
    db = open(key, options.dataDir ?? PROJECT_DATA_DIR).then(async (opened) => {
      await limitMemory(opened);
      return opened;
    });
    registry().set(key, db);
    // A failed open must not stay cached: the next run should try again.
    db.catch(() => registry().delete(key));
  }
  return db;
}

async function open(url: string, dataDir: string): Promise<Database> {
  const parsed = parseDbUrl(url);
  const file = parsed.dialect === "duckdb" && parsed.path !== ":memory:" ? parsed.path : undefined;
  if (file) {
    const db = existsSync(file) ? await connect(url, { readOnly: true }) : undefined;
    if (db && (await db.exists("orders"))) return db;
    await db?.close();
    // A first load that fails leaves no empty file behind; loaded, it is reopened read-only like any notebook's.
    await loadingInto(url, (db) => loadIfEmpty(db, dataDir));
    return connect(url, { readOnly: true });
  }
  const db = await connect(url);
  try {
    await loadIfEmpty(db, dataDir);
    return db;
  } catch (error) {
    await db.close();
    throw error;
  }
}

async function loadIfEmpty(db: Database, dataDir: string): Promise<void> {
  if (await db.exists("orders")) return;
  const summary = await loadWarehouse(db, { dataDir });
  const rows = Object.values(summary.rows).reduce((a, b) => a + b, 0);
  console.log(`The warehouse was empty: loaded ${rows} rows from ${dataDir} in ${summary.seconds.toFixed(1)} s.`);
}

/** Closes every warehouse notebooks opened in this process (the runner does, after each notebook). */
export async function closeWarehouses(): Promise<void> {
  const open = [...registry().values()];
  registry().clear();
  await Promise.all(open.map((db) => db.then((d) => d.close()).catch(() => undefined)));
}

export interface NotebookScope {
  period?: string;
  country?: string | null;
  category?: string | null;
  /** The extracts folder (ProductCosts.csv and cost assumptions are read from it). */
  dataDir?: string;
}

/** The notebook's parameters as filters: null or empty means no filter. */
export function filtersOf(scope: Pick<NotebookScope, "country" | "category">): Filters {
  const filters: Filters = {};
  if (scope.country) filters.country = scope.country;
  if (scope.category) filters.category = scope.category;
  return filters;
}

/** The context an analysis runs in, from a notebook's parameters (period and filters checked against the data). */
export async function analysisContext(db: Database, scope: NotebookScope = {}): Promise<AnalysisContext> {
  return {
    db,
    sql: new QueryRunner(db),
    period: await resolvePeriod(db, scope.period ?? "all"),
    filters: await resolveFilters(db, filtersOf(scope)),
    dataDir: dataDirOf(scope.dataDir),
  };
}

export const dataDirOf = (dir: string | undefined): string =>
  dir ? (isAbsolute(dir) ? dir : resolve(dir)) : PROJECT_DATA_DIR;
