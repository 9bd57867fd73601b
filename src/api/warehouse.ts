import { QueryRunner } from "../analyse/analysis.js";
import type { Database } from "../db/adapter.js";
import { connect, NoWarehouseError } from "../db/connect.js";
import { DuckDBLockedError } from "../db/duckdb-lock.js";
import { duckdbFile } from "../db/url.js";
import { ConnectionLostError } from "../db/faults.js";
import { IdleRelease } from "../db/idle.js";
import { retry } from "../db/retry.js";
import { readSource } from "../load/source.js";
import { missingFromWarehouse } from "../load/warehouse.js";
import { SerialQueue } from "./json-file.js";
import { ProblemError } from "./problem.js";
import { ReadWriteLock } from "./read-write-lock.js";

/**
 * The server's warehouse connection. One connection runs one piece of work
 * at a time (an analysis run uses session temp tables), so work is queued;
 * it is opened on first use, so a server can start, and say it is not ready,
 * while the database is down; a connection the server dropped (a restart) is
 * closed, and the next piece of work opens a new one. The API only reads the
 * warehouse, so an embedded DuckDB file is opened read-only: notebooks, the
 * analyse command and reports read it beside the server. And it is let go
 * after `idleMs` without work, so the warehouse command can reload it while
 * the server idles (DuckDB lets a writer in only when no process holds the
 * file); work that comes during the load is a 503 to retry.
 */
export class Warehouse {
  private db: Promise<Database> | null = null;
  private readonly queue = new SerialQueue();
  /** An embedded warehouse's readers in this process, and the one writer that may come (a scrape's load). */
  private readonly lock = new ReadWriteLock();
  /** An embedded DuckDB file, which one process at a time may write (and then none may read). */
  private readonly embedded: boolean;
  /** An embedded file's: lets it go after `idleMs` without work. A close that fails leaves nothing to do. */
  private readonly release: IdleRelease | null;

  constructor(
    readonly url: string,
    idleMs = EMBEDDED_IDLE_MS,
  ) {
    this.embedded = duckdbFile(url) !== null;
    this.release = this.embedded
      ? new IdleRelease(idleMs, () => void this.queue.run(() => this.closeIfIdle()).catch(() => undefined))
      : null;
  }

  /**
   * Runs `work` alone on the connection. While this process loads an embedded
   * warehouse (`writing`), it is refused at once with the 503 a load by
   * another process gives: a request is not held for the length of a load.
   */
  use<T>(work: (db: Database, sql: QueryRunner) => Promise<T>): Promise<T> {
    if (this.embedded && this.lock.writer) return Promise.reject(busy());
    const run = () =>
      this.reading(() =>
        this.queue.run(async () => {
          const db = await this.open();
          try {
            return await work(db, new QueryRunner(db));
          } catch (error) {
            if (error instanceof ConnectionLostError) await this.close();
            throw error;
          }
        }),
      );
    return this.release ? this.release.during(run) : run();
  }

  /**
   * Runs `work`, which reads the warehouse on a connection of its own (a report
   * job), beside the server's other readers but never during `writing`.
   */
  reading<T>(work: () => Promise<T>): Promise<T> {
    return this.embedded ? this.lock.read(work) : work();
  }

  /**
   * Runs `work`, which writes the warehouse in this process (a scrape job's
   * load), alone: DuckDB's file lock keeps other processes out, not another
   * connection in this one, whose cached pages a write would leave stale. It
   * waits for the readers under way (report jobs wait for it in turn); the
   * server's connection is closed first, and the first piece of work after
   * it reopens it on what was written. A server warehouse needs none of this.
   */
  writing<T>(work: () => Promise<T>): Promise<T> {
    if (!this.embedded) return work();
    return this.lock.write(async () => {
      await this.queue.run(() => this.close());
      return work();
    });
  }

  /** When the warehouse was last loaded (its load record), or null: what answers kept from it are keyed by. */
  loadedAt(): Promise<string | null> {
    return this.use(async (db) => (await readSource(db))?.loadedAt ?? null);
  }

  /**
   * Resolves once the warehouse answers and is loaded, trying every
   * `intervalMs` for at most `timeoutMs`: the database of a stack may start
   * after the server (compose orders the start, it does not wait), and the
   * extract may be loaded after that. `onWait` hears why each try failed.
   */
  async waitUntilLoaded(options: WaitOptions & { onWait?: (reason: string, tries: number) => void }): Promise<void> {
    await retry(
      { ...options, intervalMs: options.intervalMs ?? 2000 },
      async () => {
        const reason = await this.check().catch((error: unknown) => `not reachable (${(error as Error).message})`);
        return reason === "ok" ? null : reason;
      },
      (reason, tries) =>
        new WarehouseWaitError(
          `the warehouse was not ready within ${Math.round(options.timeoutMs / 1000)} s (${tries} tries): ${reason}`,
        ),
    );
  }

  /**
   * Resolves once no load writes the embedded warehouse (another process's,
   * or a scrape job's in this one), trying every `intervalMs` for at most
   * `timeoutMs`: a job waits out a reload rather than fail. Any other failure
   * to open it is thrown at once, and a server warehouse is not waited for
   * (its loads do not lock readers out).
   */
  async waitWhileLoading(options: WaitOptions & { onWait?: (tries: number) => void }): Promise<void> {
    if (!this.embedded) return;
    await retry(
      { ...options, intervalMs: options.intervalMs ?? 1000, onWait: (_busy, tries) => options.onWait?.(tries) },
      () =>
        this.use(async () => null).catch((error: unknown) => {
          if (error instanceof ProblemError && error.extra.slug === BUSY) return error;
          throw error;
        }),
      // Out of time, the job fails with the client's own 503 wording.
      (busy) => busy,
    );
  }

  /** "ok", or what is missing: the tables the API reads must be loaded. */
  async check(): Promise<string> {
    const reason = await this.use(async (db) => {
      const missing = await missingFromWarehouse(db);
      return missing.length ? `not loaded (missing ${missing.join(", ")}): run npm run warehouse` : "ok";
    }).catch((error: unknown) => {
      if (error instanceof ProblemError && error.extra.slug === NOT_LOADED) return `not loaded (${error.message})`;
      throw error;
    });
    // An embedded warehouse not loaded yet is let go until the next try: DuckDB lets one process write a
    // file, and the warehouse command that loads it must be that process.
    if (reason !== "ok" && this.embedded) await this.queue.run(() => this.close());
    return reason;
  }

  private async closeIfIdle(): Promise<void> {
    if (this.release?.idle) await this.close();
  }

  async close(): Promise<void> {
    this.release?.cancel();
    const db = this.db;
    this.db = null;
    if (db) await (await db.catch(() => null))?.close();
  }

  private open(): Promise<Database> {
    if (!this.db) {
      // A DuckDB file that is not there is not created: an empty one would stand in for the warehouse to load.
      const opening = connect(this.url, { readOnly: true }).catch((error: unknown) => {
        if (error instanceof NoWarehouseError)
          throw new ProblemError(503, error.message, { slug: NOT_LOADED, headers: { "retry-after": "30" } });
        if (error instanceof DuckDBLockedError) throw busy();
        throw error;
      });
      // A failed open is retried on the next request rather than remembered.
      opening.catch(() => {
        if (this.db === opening) this.db = null;
      });
      this.db = opening;
    }
    return this.db;
  }
}

/** The problem type of a request that needs a DuckDB warehouse not loaded yet. */
const NOT_LOADED = "warehouse-not-loaded";
/** The problem type of a request that came while another process writes the DuckDB warehouse. */
const BUSY = "warehouse-busy";
/** What a client is told then: not the holder's process and command line, which are the operator's. */
export const BUSY_DETAIL = "The warehouse is being loaded: try again shortly";

/** A request that came while a load writes the warehouse. */
function busy(): ProblemError {
  return new ProblemError(503, BUSY_DETAIL, { slug: BUSY, headers: { "retry-after": "10" } });
}

/** An embedded warehouse is let go after this long without work (reopening it takes about 20 ms). */
const EMBEDDED_IDLE_MS = 5000;

interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  signal?: AbortSignal;
}

export class WarehouseWaitError extends Error {
  override name = "WarehouseWaitError";
}
