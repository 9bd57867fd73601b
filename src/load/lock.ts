import { unknownDialect, type Database } from "../db/adapter.js";
import { dropTable } from "../db/ddl.js";
import { renderSql } from "../db/sql.js";

/**
 * One load at a time per warehouse. Two loads into one server warehouse used
 * to interleave their staging tables and swaps and report success over a
 * corrupt result; now the second waits for the first (up to
 * SALES_LOAD_LOCK_WAIT seconds, default 60) and then refuses, naming when the
 * running load started.
 *
 * - PostgreSQL: a session advisory lock, on the load's own connection, and the
 *   holder's start time in its application_name for the refusal message.
 * - SQL Server: sp_getapplock owned by a transaction held open on a pinned
 *   pooled connection for the length of the load (a session lock could be
 *   taken and released on two different pooled connections).
 * - DuckDB: the database file is locked by the process that opens it, so a
 *   second process cannot even connect (src/db/duckdb-lock.ts says who holds it).
 */

export class LoadLockedError extends Error {
  override name = "LoadLockedError";
}

/** Two 32-bit keys, PostgreSQL's two-int advisory lock form: 'sales' 'load'. */
const PG_KEYS = [0x73616c65, 0x6c6f6164] as const;
const APP_LOCK = "sales-insight-load";
const POLL_MS = 250;

function lockWaitSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.SALES_LOAD_LOCK_WAIT;
  if (raw === undefined || raw === "") return 60;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new LoadLockedError(`SALES_LOAD_LOCK_WAIT is "${raw}": expected seconds, e.g. 0 to refuse at once or 120`);
  return n;
}

export async function withLoadLock<T>(
  db: Database,
  work: () => Promise<T>,
  waitSeconds = lockWaitSeconds(),
): Promise<T> {
  switch (db.dialect) {
    case "postgres":
      return withPostgresLock(db, work, waitSeconds);
    case "tsql":
      return withSqlServerLock(db, work, waitSeconds);
    case "duckdb":
      // One process holds the file (src/db/duckdb-lock.ts): no other loader can reach it.
      return work();
    default:
      return unknownDialect(db.dialect);
  }
}

async function withPostgresLock<T>(db: Database, work: () => Promise<T>, waitSeconds: number): Promise<T> {
  const deadline = Date.now() + waitSeconds * 1000;
  const keys = { a: PG_KEYS[0], b: PG_KEYS[1] };
  for (;;) {
    const [{ locked }] = await db.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(CAST($a AS INTEGER), CAST($b AS INTEGER)) AS locked",
      keys,
    );
    if (locked) break;
    if (Date.now() >= deadline) throw new LoadLockedError(await postgresHolder(db, waitSeconds));
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  try {
    await db.query("SELECT set_config('application_name', $name, false) AS name", {
      name: `sales-insight load since ${new Date().toISOString()}`,
    });
    return await work();
  } finally {
    await db
      .query("SELECT pg_advisory_unlock(CAST($a AS INTEGER), CAST($b AS INTEGER)) AS unlocked", keys)
      .catch(() => undefined);
    await db.query("SELECT set_config('application_name', '', false) AS name").catch(() => undefined);
  }
}

async function postgresHolder(db: Database, waitSeconds: number): Promise<string> {
  const [holder] = await db
    .query<{ pid: number; application_name: string; backend_start: string; client_addr: string | null }>(
      `SELECT a.pid, a.application_name, CAST(a.backend_start AS TEXT) AS backend_start, CAST(a.client_addr AS TEXT) AS client_addr
         FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE l.locktype = 'advisory' AND l.granted AND l.classid = CAST($a AS OID) AND l.objid = CAST($b AS OID) AND l.objsubid = 2`,
      { a: PG_KEYS[0], b: PG_KEYS[1] },
    )
    .catch(() => []);
  const since = holder ? (/since (\S+)/.exec(holder.application_name)?.[1] ?? holder.backend_start) : "an unknown time";
  const who = holder ? ` (server process ${holder.pid}${holder.client_addr ? ` from ${holder.client_addr}` : ""})` : "";
  return (
    `another load is running since ${since}${who} into ${db.label}; waited ${waitSeconds} s. ` +
    "Run this load again when it has finished (set SALES_LOAD_LOCK_WAIT to wait longer)"
  );
}

/** Owned by the transaction, so the lock lives exactly as long as the connection the transaction pins. */
const SQLSERVER_LOCK = `DECLARE @status INT;
EXEC @status = sp_getapplock @Resource = @resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = @timeout;
SELECT @status AS status;`;

async function withSqlServerLock<T>(db: Database, work: () => Promise<T>, waitSeconds: number): Promise<T> {
  let result: { value: T } | undefined;
  await db.transaction(async (tx) => {
    const [{ status }] = await tx.query<{ status: number }>(SQLSERVER_LOCK, {
      resource: APP_LOCK,
      timeout: Math.round(waitSeconds * 1000),
    });
    // sp_getapplock: 0 granted, 1 granted after waiting, negative: timeout (-1), cancelled, deadlock, error.
    if (status < 0)
      throw new LoadLockedError(
        `another load is running into ${db.label} (sp_getapplock ${APP_LOCK} returned ${status} after ${waitSeconds} s): ` +
          "run this load again when it has finished (set SALES_LOAD_LOCK_WAIT to wait longer)",
      );
    result = { value: await work() };
  });
  return result!.value;
}

/**
 * Staging tables are named per run (`stg_<run>_<table>`); those of a load that
 * died (killed, connection lost) are dropped by the next load once it holds
 * the lock, when no other load can be using them.
 */
export async function dropStaleStaging(db: Database): Promise<string[]> {
  const rows = await db.query<{ table_name: string }>(
    renderSql("SELECT table_name FROM information_schema.tables WHERE table_schema = {{current_schema}}", db.dialect),
  );
  const stale = rows.map((r) => r.table_name).filter((name) => /^stg_/i.test(name));
  for (const name of stale) await db.exec(dropTable(name));
  return stale;
}
