import { existsSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { SqlValue } from "../db/adapter.js";
import type { FileRead, FileReport } from "./read-file.js";
import type { ReadMessage, ReadRequest } from "./read-worker.js";

/**
 * `readFile` on a worker thread, so two files are parsed on two cores while
 * the main thread feeds the database. The rows come back as they are read,
 * through a small queue the worker may not overfill.
 */

// From source (tsx) the worker is the .ts file beside this one, once built the .js.
const here = fileURLToPath(import.meta.url);
const WORKER = new URL(`./read-worker${extname(here)}`, import.meta.url);

/**
 * From source, a worker can load the .ts entry only through tsx: true when
 * this process runs under tsx (the CLI, the tests); elsewhere (a notebook
 * kernel) files are read in-process. SALES_LOAD_WORKERS=0 turns workers off.
 */
export function workersAvailable(): boolean {
  if (process.env.SALES_LOAD_WORKERS === "0" || !existsSync(WORKER)) return false;
  return extname(here) === ".js" || process.execArgv.some((arg) => arg.includes("tsx"));
}

/**
 * A worker does not inherit tsx's module hooks, so from source it first
 * registers them (tsx's documented API) and then imports the .ts entry.
 */
function startWorker(request: ReadRequest): Worker {
  const options = { workerData: request };
  if (extname(here) === ".js") return new Worker(WORKER, options);
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(WORKER.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

export function readFileInWorker(table: string, path: string, problemLimit: number): FileRead {
  const worker = startWorker({ table, path, problemLimit });
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
