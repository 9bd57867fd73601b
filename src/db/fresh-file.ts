import { existsSync, rmdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { Database } from "./adapter.js";
import { connect } from "./connect.js";
import { parseDbUrl } from "./url.js";

/**
 * What opening a DuckDB file creates when it is not there yet: the file, its
 * write-ahead log and the folders above it that were missing. A first load
 * that fails removes them (`undo`), so the disk is as it was before the
 * command, not holding an empty warehouse a later command would take for a
 * loaded one. Null for a server, `:memory:` or a file that exists: then the
 * load's own transaction keeps the warehouse as it was.
 */
export function freshDuckDBFile(url: string): { undo(): void } | null {
  const parsed = parseDbUrl(url);
  if (parsed.dialect !== "duckdb" || parsed.path === ":memory:" || existsSync(parsed.path)) return null;
  const file = parsed.path;
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
 * Opens the warehouse `url` names for a load, runs `load` on it and closes it
 * (with `close`, when the caller times it); when the open or the load fails,
 * a DuckDB file the open created is removed again (`freshDuckDBFile`).
 */
export async function loadingInto<T>(
  url: string,
  load: (db: Database) => Promise<T>,
  close: (db: Database) => Promise<void> = (db) => db.close(),
): Promise<T> {
  const fresh = freshDuckDBFile(url);
  const db = await connect(url).catch((error: unknown) => {
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
