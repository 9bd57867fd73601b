import { readFileSync } from "node:fs";

// DuckDB lets one process at a time open a database file for writing, and then
// no other process read it. Its error ("Could not set lock on file … Conflicting
// lock is held in … (PID n)") becomes a message saying which program holds the
// file (a notebook kernel, the API, a command) and when it lets go.

/** A DuckDB file another process holds: its message says which and what to do. */
export class DuckDBLockedError extends Error {
  override name = "DuckDBLockedError";
  constructor(
    message: string,
    /** Who holds the file: `process 123 (node …)`, or "another process". */
    readonly holder: string,
  ) {
    super(message);
  }
}

/** `error` as a DuckDBLockedError when it is DuckDB's lock conflict, else unchanged. */
export function duckdbLockError(path: string, error: unknown, reading = false): unknown {
  const message = (error as Error)?.message ?? "";
  if (!/Could not set lock on file/i.test(message)) return error;
  const pid = /PID (\d+)/.exec(message)?.[1];
  const program = pid ? commandLine(Number(pid)) : null;
  const holder = pid ? `process ${pid}${program ? ` (${program})` : ""}` : "another process";
  return new DuckDBLockedError(duckdbLockMessage(path, holder, reading), holder);
}

function duckdbLockMessage(path: string, holder: string, reading: boolean): string {
  // Readers share the file with each other, so a reader is kept out only by a writer.
  if (reading)
    return (
      `the warehouse ${path} is open for writing in ${holder}: a load, or a report loading it. ` +
      "Wait for it to end (or stop it), then run this again"
    );
  // The seconds are notebook/warehouse.ts's NOTEBOOK_IDLE_MS and the API's default (api/warehouse.ts).
  return (
    `the warehouse ${path} is open in ${holder}: a notebook kernel, the API serving it or another command holds it. ` +
    "Run this again once it lets go: a notebook 5 s after its last analysis, an idle API after " +
    "SALES_API_WAREHOUSE_IDLE_SECONDS (5 by default), a command when it ends. A kernel that opened the warehouse " +
    "itself (openWarehouse) holds it until you shut the kernel down (Jupyter: Kernel > Shut Down Kernel)"
  );
}

function commandLine(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return text.length > 120 ? `${text.slice(0, 117)}…` : text || null;
  } catch {
    return null;
  }
}
