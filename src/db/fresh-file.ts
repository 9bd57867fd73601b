import { existsSync, rmdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Database } from "./adapter.js";
import { connect } from "./connect.js";
import { DuckDBLockedError } from "./duckdb-lock.js";
import { retry } from "./retry.js";
import { duckdbFile } from "./url.js";

/**
 * What opening a DuckDB file creates when it is not there yet: the file, its
 * write-ahead log and the folders above it that were missing. A first load
 * that fails removes them (`undo`), so the disk is as it was before the
 * command, not holding an empty warehouse a later command would take for a
 * loaded one. Null for a server, `:memory:` or a file that exists: then the
 * load's own transaction keeps the warehouse as it was.
 */
export function freshDuckDBFile(url: string): { undo(): void } | null {
  const file = duckdbFile(url);
  if (file === null || existsSync(file)) return null;
  // The missing folders, deepest first.
  const folders: string[] = [];
  for (let dir = dirname(file); !existsSync(dir) && dirname(dir) !== dir; dir = dirname(dir)) folders.push(dir);
  return {
    undo() {
      for (const path of [file, `${file}.wal`]) rmSync(path, { force: true });
      for (const dir of folders) {
        try {
          rmdirSync(dir);
        } catch {
          // Not empty: something else was put there meanwhile, and it is not ours to remove.
          return;
        }
      }
    },
  };
}

/**
 * How long a load waits by default for other processes to let go of a DuckDB
 * file: an idle reader does after 5 s (a notebook kernel, the API).
 */
export const HOLDER_WAIT_MS = 10_000;

/** How a load waits for other processes to let go of a DuckDB file before it gives up. */
export interface HolderWait {
  /** How long to keep trying; 0 (the default) refuses at once. */
  waitMs?: number;
  /** Told who holds the file, once, when the wait begins. */
  onWait?: (holder: string) => void;
}

/** What a load says when it begins to wait for `holder`. */
export function waitingWords(holder: string, waitMs: number): string {
  return `the warehouse is open in ${holder}: waiting up to ${waitMs / 1000} s for it to let go`;
}

/**
 * Opens the warehouse `url` names for a load, runs `load` on it and closes it
 * (with `close`, when the caller times it); when the open or the load fails,
 * a DuckDB file the open created is removed again (`freshDuckDBFile`). A
 * DuckDB file another process holds is tried again for `wait.waitMs`: readers
 * let go of it when idle (a notebook, the API), and a load ends.
 */
export async function loadingInto<T>(
  url: string,
  load: (db: Database) => Promise<T>,
  close: (db: Database) => Promise<void> = (db) => db.close(),
  wait: HolderWait = {},
): Promise<T> {
  const fresh = freshDuckDBFile(url);
  const db = await connectWhenFree(url, wait).catch((error: unknown) => {
    fresh?.undo();
    throw error;
  });
  let loaded = false;
  try {
    const result = await load(db);
    loaded = true;
    return result;
  } finally {
    await close(db);
    if (!loaded) fresh?.undo();
  }
}

/** How often a waiting load tries the file again. */
const HOLDER_POLL_MS = 250;

/** `connect(url)`, tried again while another process holds the DuckDB file, for up to `waitMs`. */
async function connectWhenFree(url: string, { waitMs = 0, onWait }: HolderWait): Promise<Database> {
  let db: Database | undefined;
  await retry<DuckDBLockedError>(
    {
      timeoutMs: waitMs,
      intervalMs: HOLDER_POLL_MS,
      // Said once, when the wait begins.
      onWait: (held, tries) => {
        if (tries === 1) onWait?.(held.holder);
      },
    },
    async () => {
      try {
        db = await connect(url);
        return null;
      } catch (error) {
        if (error instanceof DuckDBLockedError) return error;
        throw error;
      }
    },
    (held, tries) =>
      tries > 1 ? new DuckDBLockedError(`${held.message} (waited ${waitMs / 1000} s)`, held.holder) : held,
  );
  return db!;
}
