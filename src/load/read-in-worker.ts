import type { SqlValue } from "../db/adapter.js";
import { canStartWorker, startWorker, workerEntry } from "../threads.js";
import type { FileRead, FileReport } from "./read-file.js";
import type { ReadMessage, ReadRequest } from "./read-worker.js";

/**
 * `readFile` on a worker thread, so two files are parsed on two cores while
 * the main thread feeds the database. The rows come back as they are read,
 * through a small queue the worker may not overfill.
 */

const WORKER = workerEntry(import.meta.url, "read-worker");

/**
 * True where a worker can start (src/threads.ts): built, or from source
 * under tsx (the CLI, the tests); elsewhere (a notebook kernel) files are
 * read in-process. SALES_LOAD_WORKERS=0 turns workers off.
 */
export function workersAvailable(): boolean {
  return process.env.SALES_LOAD_WORKERS !== "0" && canStartWorker(WORKER);
}

export function readFileInWorker(table: string, path: string, problemLimit: number): FileRead {
  const worker = startWorker(WORKER, { workerData: { table, path, problemLimit } satisfies ReadRequest });
  const queue: SqlValue[][][] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  let failure: Error | undefined;
  let settle!: { resolve: (r: FileReport) => void; reject: (e: Error) => void };
  const report = new Promise<FileReport>((resolve, reject) => (settle = { resolve, reject }));
  report.catch(() => undefined); // surfaced through `rows` first

  const fail = (error: Error) => {
    failure ??= error;
    settle.reject(error);
    wake?.();
  };
  worker.on("message", (message: ReadMessage) => {
    if (message.kind === "rows") queue.push(message.rows);
    else if (message.kind === "done") {
      ended = true;
      settle.resolve(message.report);
    } else fail(Object.assign(new Error(message.message), { stack: message.stack }));
    wake?.();
  });
  worker.on("error", fail);
  worker.on("exit", (code) => {
    if (!ended) fail(new Error(`the reader thread for ${path} stopped (exit code ${code}) before the end of the file`));
  });

  async function* rows(): AsyncGenerator<SqlValue[][]> {
    try {
      for (;;) {
        if (queue.length) {
          if (!ended) worker.postMessage("ack");
          yield queue.shift()!;
        } else if (failure) throw failure;
        else if (ended) return;
        else await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      if (!ended) await worker.terminate();
    }
  }

  return {
    rows: rows(),
    report: () => report,
    close: async () => {
      if (!ended) await worker.terminate();
    },
  };
}
