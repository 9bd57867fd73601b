import { QueryRunner } from "../analyse/analysis.js";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { missingFromWarehouse } from "../load/warehouse.js";
import { SerialQueue } from "./json-file.js";

/**
 * The server's warehouse connection. One connection runs one piece of work
 * at a time (an analysis run uses session temp tables), so work is queued;
 * it is opened on first use, so a server can start, and say it is not ready,
 * while the database is down.
 */
export class Warehouse {
  private db: Promise<Database> | null = null;
  private readonly queue = new SerialQueue();

  constructor(readonly url: string) {}

  /** Runs `work` alone on the connection. */
  use<T>(work: (db: Database, sql: QueryRunner) => Promise<T>): Promise<T> {
    return this.queue.run(async () => {
      const db = await this.open();
      return work(db, new QueryRunner(db));
    });
  }

  /** "ok", or what is missing: the tables the API reads must be loaded. */
  async check(): Promise<string> {
    return this.use(async (db) => {
      const missing = await missingFromWarehouse(db);
      return missing.length ? `not loaded (missing ${missing.join(", ")}): run npm run warehouse` : "ok";
    });
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    if (db) await (await db.catch(() => null))?.close();
  }

  private open(): Promise<Database> {
    if (!this.db) {
      const opening = connect(this.url);
      // A failed open is retried on the next request rather than remembered.
      opening.catch(() => {
        if (this.db === opening) this.db = null;
      });
      this.db = opening;
    }
    return this.db;
  }
}
