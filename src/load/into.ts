import { HOLDER_WAIT_MS, loadingInto } from "../db/fresh-file.js";
import { loadWarehouse } from "./warehouse.js";

/** A step of `loadFolderInto`, in the shape a scrape's progress takes. */
export interface FolderLoadProgress {
  table?: string;
  rows?: number;
  message: string;
}

/**
 * Loads the extracts in `dataDir` into the warehouse at `url`, saying each
 * step and, at the end, the rows per table; a DuckDB file's first load that
 * fails leaves no file behind (loadingInto), and a file another process has
 * open is waited for, as the warehouse command waits (HOLDER_WAIT_MS). A
 * scrape's load, from the CLI and from an API job alike: its progress names
 * no process, since a job's is the client's to read.
 */
export async function loadFolderInto(
  url: string,
  dataDir: string,
  onProgress: (p: FolderLoadProgress) => void = () => undefined,
): Promise<void> {
  await loadingInto(
    url,
    async (db) => {
      const summary = await loadWarehouse(db, {
        dataDir,
        onProgress: (p) =>
          onProgress({ table: p.file || undefined, rows: p.rows, message: `loading: ${p.phase} ${p.file}`.trim() }),
      });
      const rows = Object.entries(summary.rows)
        .map(([t, n]) => `${t} ${n}`)
        .join(", ");
      onProgress({ message: `loaded ${db.label}: ${rows}` });
    },
    undefined,
    {
      waitMs: HOLDER_WAIT_MS,
      onWait: () =>
        onProgress({
          message: `waiting up to ${HOLDER_WAIT_MS / 1000} s for another process to let go of the warehouse`,
        }),
    },
  );
}
