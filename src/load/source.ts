import { existsSync, readdirSync, realpathSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { Database } from "../db/adapter.js";
import { createTable, dropTable } from "../db/ddl.js";
import { TABLES } from "./schema.js";

/**
 * Where a warehouse's data came from: the data folder and each file's size
 * and modification time, written by the load's swap in the same transaction
 * as the tables, so the record always describes the tables beside it. The
 * report reads it to tell a warehouse loaded from these very files, unchanged,
 * from one loaded from other files, and never replaces a warehouse the user
 * loaded from elsewhere unless asked (src/render/warehouse.ts). Sizes and times, not
 * hashes: checking costs a stat per file, whatever the extract's size.
 */

const SOURCE_TABLE = "load_source";

export interface LoadSource {
  /** The data folder, absolute with links resolved. */
  dataDir: string;
  files: SourceFile[];
  /** ISO time of the load; null when only described, not yet loaded. */
  loadedAt: string | null;
}

interface SourceFile {
  name: string;
  bytes: number;
  /** Modification time, ISO to the millisecond. */
  modified: string;
}

/** The folder as recorded: absolute, links resolved (data/ and ./data/ are one folder). */
export function sourceFolder(dataDir: string): string {
  const absolute = resolve(dataDir);
  return existsSync(absolute) ? realpathSync(absolute) : absolute;
}

/** The data folder and its files as they are now; a file that has gone is left out. */
export function describeSource(dataDir: string, paths: Iterable<string>): LoadSource {
  const files: SourceFile[] = [];
  for (const path of paths) {
    if (!existsSync(path)) continue;
    const s = statSync(path);
    files.push({ name: basename(path), bytes: s.size, modified: new Date(s.mtimeMs).toISOString() });
  }
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { dataDir: sourceFolder(dataDir), files, loadedAt: null };
}

/** The extract files of `dataDir` a load would read (matched without regard to case, as the loader does), now. */
export function currentSource(dataDir: string): LoadSource {
  const folder = sourceFolder(dataDir);
  const names = existsSync(folder) ? new Map(readdirSync(folder).map((n) => [n.toLowerCase(), n])) : new Map();
  const paths = TABLES.flatMap((t) => {
    const name = names.get(t.file.toLowerCase());
    return name ? [join(folder, name)] : [];
  });
  return describeSource(folder, paths);
}

/** The files of `recorded` that are missing, new, or of another size or time in `current`. */
export function changedFiles(recorded: LoadSource, current: LoadSource): string[] {
  const now = new Map(current.files.map((f) => [f.name, f]));
  const changed = recorded.files
    .filter((f) => {
      const c = now.get(f.name);
      return !c || c.bytes !== f.bytes || c.modified !== f.modified;
    })
    .map((f) => f.name);
  const before = new Set(recorded.files.map((f) => f.name));
  return [...changed, ...current.files.filter((f) => !before.has(f.name)).map((f) => f.name)];
}

/** Replaces the record; called by the swap, inside its transaction. */
export async function writeSource(tx: Database, source: LoadSource, loadedAt = new Date()): Promise<void> {
  await tx.exec(dropTable(SOURCE_TABLE));
  await tx.exec(
    createTable(tx.dialect, SOURCE_TABLE, [
      { name: "data_dir", type: "text", nullable: false },
      { name: "file_name", type: "text", nullable: false },
      // DECIMAL, not INTEGER: an extract may pass 2 GiB.
      { name: "bytes", type: "decimal", nullable: false },
      { name: "modified", type: "text", nullable: false },
      { name: "loaded_at", type: "text", nullable: false },
    ]),
  );
  for (const f of source.files)
    await tx.query(
      `INSERT INTO ${SOURCE_TABLE} (data_dir, file_name, bytes, modified, loaded_at) VALUES ($dir, $name, $bytes, $modified, $at)`,
      { dir: source.dataDir, name: f.name, bytes: f.bytes, modified: f.modified, at: loadedAt.toISOString() },
    );
}

/** The recorded source, or null for a warehouse loaded by a version that kept no record. */
export async function readSource(db: Database): Promise<LoadSource | null> {
  if (!(await db.exists(SOURCE_TABLE))) return null;
  const rows = await db.query<{
    data_dir: string;
    file_name: string;
    bytes: number;
    modified: string;
    loaded_at: string;
  }>(`SELECT data_dir, file_name, bytes, modified, loaded_at FROM ${SOURCE_TABLE}`);
  if (rows.length === 0) return null;
  const files = rows.map((r) => ({ name: r.file_name, bytes: Number(r.bytes), modified: r.modified }));
  // Sorted here, not in SQL: the dialects' collations order names differently.
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return { dataDir: rows[0].data_dir, files, loadedAt: rows[0].loaded_at };
}
