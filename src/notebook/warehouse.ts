import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { isAbsolute, resolve } from "node:path";
import { QueryRunner, type AnalysisContext, type Filters } from "../analyse/analysis.js";
import { resolveFilters } from "../analyse/filters.js";
import { resolvePeriod } from "../analyse/period.js";
import type { Database } from "../db/adapter.js";
import { connect, limitMemory } from "../db/connect.js";
import { loadingInto } from "../db/fresh-file.js";
import { IdleRelease } from "../db/idle.js";
import { canonicalDbUrl, duckdbFile } from "../db/url.js";
import { loadWarehouse } from "../load/warehouse.js";

/**
 * How a notebook gets its data: one connection per warehouse URL, so rerunning
 * a cell does not open another. An embedded DuckDB file that only `analysis()`
 * uses is let go `NOTEBOOK_IDLE_MS` after its last analysis (reopening costs a
 * few milliseconds), so `npm run warehouse` can reload it while the kernel
 * idles: DuckDB lets a writer in only when no process holds the file. A
 * connection the notebook asked for itself (`openWarehouse`) is its to keep,
 * for the life of the kernel. The registry sits on `globalThis` because the
 * headless runner (running from `src/`) closes what notebooks (importing
 * `dist/`) opened: two copies of this module.
 */

/** The project's own `data/` folder (from `src/notebook` or `dist/notebook` alike). */
export const PROJECT_DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/** How long an embedded warehouse stays open after a notebook's last analysis. */
export const NOTEBOOK_IDLE_MS = 5_000;

interface Held {
  db: Promise<Database>;
  /** An embedded file's: lets it go NOTEBOOK_IDLE_MS after the last analysis. */
  release: IdleRelease | null;
  /** Handed to the notebook by `openWarehouse`: kept until the kernel ends or `closeWarehouses`. */
  pinned: boolean;
  /** Set once it is being let go: the next open waits for it. */
  closing?: Promise<void>;
}

const REGISTRY = Symbol.for("sales-insight.notebook.warehouses");
type Registry = Map<string, Held>;
const registry = (): Registry => ((globalThis as { [REGISTRY]?: Registry })[REGISTRY] ??= new Map());

export interface OpenOptions {
  /** Where the extracts are, to load them when the warehouse is empty. Default: the project's data/. */
  dataDir?: string;
}

/**
 * Connects to the warehouse, loading the extracts first if it holds no orders
 * yet. A DuckDB file is then opened read-only (see read-only.ts), so several
 * notebooks can read it at once; other databases take concurrent readers anyway.
 * The connection stays open until the kernel ends or `closeWarehouses()`.
 */
export function openWarehouse(url: string, options: OpenOptions = {}): Promise<Database> {
  const held = hold(canonicalDbUrl(url), options);
  held.pinned = true;
  held.release?.cancel();
  return held.db;
}

/** Runs `work` on the warehouse's connection, which an embedded file lets go once idle (NOTEBOOK_IDLE_MS). */
export async function usingWarehouse<T>(
  url: string,
  options: OpenOptions,
  work: (db: Database) => Promise<T>,
): Promise<T> {
  const held = hold(canonicalDbUrl(url), options);
  const run = async () => work(await held.db);
  return held.release ? held.release.during(run) : run();
}

/** The registry's connection for `key`, opened (after any close still running) when there is none. */
function hold(key: string, options: OpenOptions): Held {
  const found = registry().get(key);
  if (found && !found.closing) return found;
  const dataDir = options.dataDir ?? PROJECT_DATA_DIR;
  const db = (found?.closing ?? Promise.resolve()).then(async () => {
    const opened = await open(key, dataDir);
    await limitMemory(opened);
    return opened;
  });
  const held: Held = { db, release: null, pinned: false };
  // Only a DuckDB file keeps others from writing it; `:memory:` would not reopen as it was.
  if (duckdbFile(key) !== null) held.release = new IdleRelease(NOTEBOOK_IDLE_MS, () => void letGo(key, held));
  registry().set(key, held);
  // A failed open must not stay cached: the next run should try again.
  db.catch(() => {
    if (registry().get(key) === held) registry().delete(key);
  });
  return held;
}

async function letGo(key: string, held: Held): Promise<void> {
  if (!held.release?.idle || held.pinned || held.closing) return;
  // A close that fails leaves nothing to do: the next analysis opens a new connection.
  held.closing = held.db.then((db) => db.close()).catch(() => undefined);
  await held.closing;
  if (registry().get(key) === held) registry().delete(key);
}

async function open(url: string, dataDir: string): Promise<Database> {
  const file = duckdbFile(url);
  if (file !== null) {
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
  await Promise.all(
    open.map((held) => {
      held.release?.cancel();
      return held.closing ?? held.db.then((d) => d.close()).catch(() => undefined);
    }),
  );
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
