import { QueryRunner } from "../analyse/analysis.js";
import type { Database } from "../db/adapter.js";
import { connect, NoWarehouseError } from "../db/connect.js";
import { parseDbUrl } from "../db/url.js";
import { ConnectionLostError } from "../db/faults.js";
import { missingFromWarehouse } from "../load/warehouse.js";
import { SerialQueue } from "./json-file.js";
import { ProblemError } from "./problem.js";

/**
 * The server's warehouse connection. One connection runs one piece of work
 * at a time (an analysis run uses session temp tables), so work is queued;
 * it is opened on first use, so a server can start, and say it is not ready,
 * while the database is down; a connection the server dropped (a restart) is
 * closed, and the next piece of work opens a new one.
 */
export class Warehouse {
  private db: Promise<Database> | null = null;
  private readonly queue = new SerialQueue();

  /** An embedded DuckDB file, which one process at a time may write. */
  private readonly embedded: boolean;

  constructor(readonly url: string) {
    const parsed = parseDbUrl(url);
    this.embedded = parsed.dialect === "duckdb" && parsed.path !== ":memory:";
  }

  /** Runs `work` alone on the connection. */
  use<T>(work: (db: Database, sql: QueryRunner) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      const db = await this.open();
      try {
        return await work(db, new QueryRunner(db));
      } catch (error) {
        if (error instanceof ConnectionLostError) await this.close();
        throw error;
      }
    });
  }

  /**
   * Resolves once the warehouse answers and is loaded, trying every
   * `intervalMs` for at most `timeoutMs`: the database of a stack may start
   * after the server (compose orders the start, it does not wait), and the
   * extract may be loaded after that. `onWait` hears why each try failed.
   */
  async waitUntilLoaded(options: {
    timeoutMs: number;
    intervalMs?: number;
    signal?: AbortSignal;
    onWait?: (reason: string, tries: number) => void;
  }): Promise<void> {
    const deadline = Date.now() + options.timeoutMs;
    for (let tries = 1; ; tries++) {
      options.signal?.throwIfAborted();
      const reason = await this.check().catch((error: unknown) => `not reachable (${(error as Error).message})`);
      if (reason === "ok") return;
      if (Date.now() >= deadline)
        throw new WarehouseWaitError(
          `the warehouse was not ready within ${Math.round(options.timeoutMs / 1000)} s (${tries} tries): ${reason}`,
        );
      options.onWait?.(reason, tries);
      await new Promise((resolve) => setTimeout(resolve, Math.min(options.intervalMs ?? 2000, deadline - Date.now())));
    }
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

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) await (await db.catch(() => null))?.close();
  }

  private open(): Promise<Database> {
    if (!this.db) {
      // A DuckDB file that is not there is not created: an empty one would stand in for the warehouse to load.
      const opening = connect(this.url, { existing: true }).catch((error: unknown) => {
        if (!(error instanceof NoWarehouseError)) throw error;
        throw new ProblemError(503, error.message, {
          slug: NOT_LOADED,
          headers: { "retry-after": "30" },
        });
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

export class WarehouseWaitError extends Error {
  override name = "WarehouseWaitError";
}
