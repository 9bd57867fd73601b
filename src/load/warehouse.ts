import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import type { Column, Database } from "../db/adapter.js";
import { createTable, dropTable, dropView, renameTable } from "../db/ddl.js";
import type { TableDefinition } from "../db/rendered.js";
import { IN_PROCESS, sqlFile } from "../db/sql.js";
import { checkForeignKey, checkUniqueKey, LINE } from "./checks.js";
import { ConnectionLostError } from "../db/faults.js";
import { dropOrder, keyStatements } from "./keys.js";
import { buildOrderSales } from "./order-sales.js";
import { dropStaleStaging, withLoadLock } from "./lock.js";
import { LoadError, PROBLEM_LIMIT, ProblemLog } from "./problems.js";
import { fastPathSupports, inspectSimpleFile, stageBySql } from "./fast-path.js";
import { readFile, type FileReport, type FileSummary } from "./read-file.js";
import { describeSource, writeSource, type LoadSource } from "./source.js";
import { readFileInWorker, workersAvailable } from "./read-in-worker.js";
import { smallestFirst } from "./smallest-first.js";
import { TABLES, type ForeignKey, type SourceTable } from "./schema.js";
import { trace, traced, traceStart } from "../trace.js";
import { provenBySummary, unsummedLines, UnsummedLines } from "./summary-proof.js";

/**
 * Loads the extracts into the warehouse in three steps: stream every file into
 * staging tables (checking each cell on the way), check keys and foreign keys
 * in SQL, then swap staging for live in one transaction. Any problem stops the
 * load before the swap, so the previous warehouse stays exactly as it was.
 */

/** The semantic layer, created after every load, in dependency order. */
export const VIEWS = ["sales_lines", "dim_customers", "dim_products", "dim_employees", "dim_dates"] as const;

/**
 * Tables summed from the new tables at every load, inside the swap's
 * transaction: the analyses read them instead of re-reading every order line
 * (built by order-sales.ts).
 */
export const SUMMARIES = ["order_sales"] as const;

/**
 * The views and summaries a load creates that `db` lacks: a warehouse loaded
 * by an earlier version has no order_sales, and the analyses read it.
 */
export async function missingFromWarehouse(db: Database): Promise<string[]> {
  const missing: string[] = [];
  for (const name of [...VIEWS, ...SUMMARIES]) if (!(await db.exists(name))) missing.push(name);
  return missing;
}

/** The error for a warehouse that was never loaded, or loaded by an earlier version. */
export function notLoadedError(db: Database, missing: string[]): Error {
  return new Error(
    `the warehouse ${db.label} has no ${missing.join(", ")}: load it (again) with npm run warehouse -- --db URL`,
  );
}

/** Staging tables carry the run's tag, so two loads can never write into each other's (src/load/lock.ts). */
const STAGE = "stg_";

export interface LoadProgress {
  /** Reading a file, checking keys across files, or swapping the new tables in. */
  phase: "reading" | "checking" | "swapping";
  file: string;
  /** Rows read so far from this file. */
  rows: number;
  /** Rows read so far across all files. */
  totalRows: number;
  seconds: number;
}

export interface LoadOptions {
  dataDir: string;
  /**
   * Files at least this many bytes are parsed on a worker thread, beside the
   * main one (default 8 MiB: below that, starting a thread costs more than
   * it saves).
   */
  workerThreshold?: number;
  /**
   * Into DuckDB, files at least this many bytes that are simple (UTF-8,
   * quotes only around whole fields on their line, one line ending, no blank
   * line; `inspectSimpleFile`) are parsed and checked by DuckDB itself
   * (fast-path.ts); default 64 KiB (`FAST_PATH_THRESHOLD`).
   * `Infinity` (or SALES_LOAD_FAST_PATH=0) reads every file through Node.
   */
  fastPathThreshold?: number;
  onProgress?: (progress: LoadProgress) => void;
  onWarning?: (message: string) => void;
}

export interface LoadSummary {
  /** Rows loaded per warehouse table. */
  rows: Record<string, number>;
  files: FileSummary[];
  warnings: string[];
  seconds: number;
}

export async function loadWarehouse(db: Database, options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const problems = new ProblemLog();
  const warnings: string[] = [];

  const paths = locateFiles(options.dataDir, problems);
  if (!problems.empty) throw new LoadError(problems.items, problems.total);
  const present = TABLES.filter((t) => paths.has(t.name));
  // Described before reading: a file changed during the load makes the record differ, and the report reload.
  const source = describeSource(options.dataDir, paths.values());
  return withLoadLock(db, async () => {
    await dropStaleStaging(db);
    const run = randomBytes(4).toString("hex");
    const staged = (name: string) => `${STAGE}${run}_${name}`;

    let totalRows = 0;
    const progress = (phase: LoadProgress["phase"], file: string, rows: number) =>
      options.onProgress?.({ phase, file, rows, totalRows, seconds: (performance.now() - started) / 1000 });
    const reports = new Map<string, FileReport>();
    let swapping = false;
    try {
      // Every table is staged, so the views find an (empty) table for a missing optional file.
      for (const t of TABLES) {
        await db.exec(dropTable(staged(t.name)));
        await db.exec(createTable(db.dialect, staged(t.name), tableColumns(t)));
      }
      const threshold = options.workerThreshold ?? WORKER_THRESHOLD;
      const fastThreshold =
        process.env.SALES_LOAD_FAST_PATH === "0" ? Infinity : (options.fastPathThreshold ?? FAST_PATH_THRESHOLD);
      // The two files read at once are scanned one after the other, the smaller first (smallest-first.ts).
      const scan = smallestFirst();
      const stageFast = async (t: SourceTable, path: string): Promise<FileReport | undefined> => {
        const size = statSync(path).size;
        if (!IN_PROCESS[db.dialect] || !fastPathSupports(t) || size < fastThreshold) return undefined;
        if (/[*?[\]{}]/.test(path)) return undefined; // read_csv would take the path for a glob pattern
        const scanning = traceStart();
        const simple = await scan(size, () => inspectSimpleFile(path));
        trace(
          `load: ${t.file} scanned (${simple ? "simple: read by the engine" : "not simple: read line by line"})`,
          scanning,
        );
        if (!simple) return undefined;
        // Loaded only here: the driver stays unloaded for the other backends.
        const { openSideConnection } = await import("../db/duckdb.js");
        const side = await openSideConnection(db);
        if (!side) return undefined;
        try {
          progress("reading", t.file, 0);
          const report = await stageBySql(side, t, path, simple, staged(t.name), PROBLEM_LIMIT);
          if (report) {
            totalRows += report.summary.rows;
            progress("reading", t.file, report.summary.rows);
          }
          return report;
        } finally {
          await side.close();
        }
      };
      const stage = async (t: SourceTable) => {
        const path = paths.get(t.name)!;
        const staging = traceStart();
        const fast = await stageFast(t, path);
        if (fast) {
          reports.set(t.name, fast);
          trace(`load: ${t.file} staged by the engine (${fast.summary.rows} rows)`, staging);
          return;
        }
        const file =
          workersAvailable() && statSync(path).size >= threshold
            ? readFileInWorker(t.name, path, PROBLEM_LIMIT)
            : readFile(t, path, PROBLEM_LIMIT);
        let rows = 0;
        const counted = async function* () {
          for await (const batch of file.rows) {
            rows += batch.length;
            totalRows += batch.length;
            progress("reading", t.file, rows);
            yield batch;
          }
        };
        try {
          await db.bulkInsert(staged(t.name), tableColumns(t), counted());
        } finally {
          await file.close();
        }
        reports.set(t.name, await file.report());
        trace(`load: ${t.file} staged line by line (${rows} rows)`, staging);
      };
      // DuckDB takes several appenders at once, so two files are read at a time,
      // the longest first (one on a worker thread); a server connection runs one
      // COPY or bulk load at a time.
      if (IN_PROCESS[db.dialect]) await inParallel(byReadingTime(present, paths), READERS, stage);
      else for (const t of present) await stage(t);

      // Problems in table order, whatever order the files finished in.
      const clean = new Set<string>();
      for (const t of present) {
        const report = reports.get(t.name)!;
        for (const p of report.problems) problems.add(p);
        problems.uncounted(report.problemTotal - report.problems.length);
        for (const w of report.warnings) {
          warnings.push(w);
          options.onWarning?.(w);
        }
        if (report.problemTotal === 0) clean.add(t.name);
      }
      // References order_sales proves (summary-proof.ts) are checked line by line only when the load fails.
      const deferred: [SourceTable, ForeignKey][] = [];
      const checking = traceStart();
      for (const t of present) {
        if (!clean.has(t.name)) continue;
        progress("checking", t.file, 0);
        await checkUniqueKey(db, t, staged(t.name), problems);
        for (const fk of t.foreignKeys) {
          // A reference into a file with rejected rows would report those rows' keys as missing.
          if (!clean.has(fk.table)) continue;
          if (provenBySummary(t, fk)) deferred.push([t, fk]);
          else await checkForeignKey(db, t, fk, staged, problems);
        }
      }
      // Deferred checks are the last table's last ones, so problems keep their order.
      const failWithDeferred = async (unexplained?: Error): Promise<never> => {
        for (const [t, fk] of deferred) await checkForeignKey(db, t, fk, staged, problems);
        throw unexplained && problems.empty ? unexplained : new LoadError(problems.items, problems.total);
      };
      trace("load: keys checked", checking);
      if (!problems.empty) await failWithDeferred();
      progress("swapping", "", 0);
      swapping = true;
      try {
        await traced("load: swapped in", () => swapIn(db, staged, source, deferred.length > 0));
      } catch (error) {
        if (!(error instanceof UnsummedLines)) throw error;
        // Rolled back: the staging tables are back under their names, the warehouse as it was.
        swapping = false;
        await failWithDeferred(error);
      }
    } catch (error) {
      if (!(error instanceof ConnectionLostError)) throw error;
      throw new ConnectionLostError(
        `${error.message} while ${swapping ? "replacing the warehouse tables: the swap is one transaction, so the warehouse holds the previous load or this one whole, never a mix" : "loading: nothing was swapped in, the warehouse is unchanged"}`,
      );
    } finally {
      await dropStaging(
        db,
        TABLES.map((t) => staged(t.name)),
      );
    }
    const files = present.map((t) => reports.get(t.name)!.summary);
    const rows = Object.fromEntries(files.map((f) => [f.table, f.rows]));
    return { rows, files, warnings, seconds: (performance.now() - started) / 1000 };
  });
}

/** How many files are read at once when the backend allows it. */
const READERS = Math.max(1, Math.min(2, availableParallelism()));

const WORKER_THRESHOLD = 8 * 1024 * 1024;

/**
 * DuckDB's reader wins from small files up: loads of generated data sets
 * took 1.2 s with 8 MiB here and 0.4 s with 64 KiB at 250K order lines
 * (Customers.csv 1 MB, Orders.csv 2.5 MB, OrderDetails.csv 4.9 MB), and
 * 0.45 s against 0.30 s at 50K. Below, Node reads a file in milliseconds.
 */
const FAST_PATH_THRESHOLD = 64 * 1024;

/**
 * Per byte, a file with text columns takes about three times as long to stage
 * as one of numbers only: its cells are read as text, checked one by one and
 * copied once more (ten million order lines: Customers.csv 12.8 ms a MB,
 * Orders.csv 4.8, OrderDetails.csv 6.2).
 */
const TEXT_COST = 3;

/**
 * The longest to read first, so that the long ones overlap: Customers.csv
 * then starts beside OrderDetails.csv rather than after Orders.csv, and no
 * longer ends after it (10M lines: 3.37 s to 3.21 s, medians of five).
 */
function byReadingTime(tables: readonly SourceTable[], paths: Map<string, string>): SourceTable[] {
  const cost = new Map(
    tables.map((t) => [
      t,
      statSync(paths.get(t.name)!).size * (t.columns.some((c) => c.type === "text") ? TEXT_COST : 1),
    ]),
  );
  return [...tables].sort((a, b) => cost.get(b)! - cost.get(a)!);
}

/** Runs `work` on every item, at most `width` at a time; the first failure wins once all have stopped. */
async function inParallel<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  const results = await Promise.allSettled(lanes);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

/** The extract files by table, matched without regard to case (IT's exports vary). */
function locateFiles(dataDir: string, problems: ProblemLog): Map<string, string> {
  const found = new Map<string, string>();
  if (existsSync(dataDir) && !statSync(dataDir).isDirectory()) {
    problems.add({
      file: dataDir,
      rule: `is a file, not a folder: give the folder that holds the extracts (--data ${dirname(dataDir) || "."})`,
    });
    return found;
  }
  if (!existsSync(dataDir)) {
    problems.add({ file: dataDir, rule: "the data folder does not exist" });
    return found;
  }
  const names = new Map(readdirSync(dataDir).map((name) => [name.toLowerCase(), name]));
  for (const t of TABLES) {
    const name = names.get(t.file.toLowerCase());
    if (name) found.set(t.name, join(dataDir, name));
    else if (!t.optional) problems.add({ file: t.file, rule: `file is missing from ${dataDir}` });
  }
  return found;
}

/** A warehouse table's columns: the file's, then the line each row came from. */
function tableColumns(t: SourceTable): Column[] {
  return [
    ...t.columns.map(({ name, type, nullable }) => ({ name, type, nullable })),
    { name: LINE, type: "integer", nullable: false },
  ];
}

/** The tables a load creates, for the DDL a DBA can run by hand (sql/rendered/<dialect>/warehouse/tables.sql). */
export function warehouseTables(): TableDefinition[] {
  return TABLES.map((t) => {
    const refs = t.foreignKeys.map((fk) => `${fk.column} -> ${fk.table}.${fk.references}`);
    const comment = `${t.name}: from ${t.file}${t.optional ? " (optional)" : ""}; key ${t.key}${refs.length ? `; refers ${refs.join(", ")}` : ""}`;
    return { name: t.name, columns: tableColumns(t), comment };
  });
}

/**
 * Drops this run's staging tables. When the connection was lost, a fresh one
 * does it (the names are this run's own, so no other load is touched); should
 * that fail too, the next load drops them (dropStaleStaging).
 */
async function dropStaging(db: Database, names: string[]): Promise<void> {
  try {
    for (const name of names) await db.exec(dropTable(name));
  } catch (error) {
    if (!(error instanceof ConnectionLostError) || !db.reconnect) return;
    const fresh = await db.reconnect().catch(() => null);
    if (!fresh) return;
    try {
      for (const name of names) await fresh.exec(dropTable(name)).catch(() => undefined);
    } finally {
      await fresh.close().catch(() => undefined);
    }
  }
}

/** `proveReferences`: order_sales must sum every order line (summary-proof.ts), or the swap rolls back. */
async function swapIn(
  db: Database,
  staged: (name: string) => string,
  source: LoadSource,
  proveReferences: boolean,
): Promise<void> {
  await db.transaction(async (tx) => {
    await writeSource(tx, source);
    for (const view of [...VIEWS].reverse()) await tx.exec(dropView(view));
    for (const summary of SUMMARIES) await tx.exec(dropTable(summary));
    for (const name of dropOrder()) await tx.exec(dropTable(name));
    for (const t of TABLES) await tx.exec(renameTable(tx.dialect, staged(t.name), t.name));
    for (const view of VIEWS) await tx.exec(sqlFile(`warehouse/${view}`, tx.dialect));
    const summing = traceStart();
    const statements = await buildOrderSales(tx);
    trace(`load: order_sales built (${statements} statement${statements === 1 ? "" : "s"})`, summing);
    if (proveReferences) {
      const unsummed = await unsummedLines(tx);
      if (unsummed !== 0) throw new UnsummedLines(unsummed);
    }
    for (const statement of keyStatements(tx.dialect)) await tx.exec(statement);
  });
}
