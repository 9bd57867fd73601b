import { existsSync, rmdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
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
