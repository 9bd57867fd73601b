import { existsSync } from "node:fs";
import { extname } from "node:path";
import { fileURLToPath } from "node:url";
import { parentPort, Worker, type Transferable, type WorkerOptions } from "node:worker_threads";

/**
 * Worker threads on this project's own modules, built or from source. Built,
 * a worker runs the .js entry. From source a worker does not inherit tsx's
 * module hooks, so it first registers them (tsx's documented API) and then
 * imports the .ts entry; that needs this process to run under tsx (the CLI
 * in development, the tests). Anywhere else (a notebook kernel on source) no
 * worker can start, and callers do the work in-process.
 */

/** The worker entry `name` (no extension) in the folder of `from` (an import.meta.url), built or from source. */
export function workerEntry(from: string, name: string): URL {
  return new URL(`./${name}${extname(fileURLToPath(from))}`, from);
}

/** True when `entry` can start as a worker from this process. */
export function canStartWorker(entry: URL): boolean {
  if (!existsSync(entry)) return false;
  return extname(fileURLToPath(entry)) === ".js" || process.execArgv.some((arg) => arg.includes("tsx"));
}

export function startWorker(entry: URL, options: WorkerOptions): Worker {
  if (extname(fileURLToPath(entry)) === ".js") return new Worker(entry, options);
  const boot = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(entry.href)}); })`;
  return new Worker(boot, { ...options, eval: true });
}

/** A worker's message: its answer, or the error it caught (posted, since a thrown error loses its stack). */
export type WorkerAnswer<T> = T | { error: string; stack?: string };

/**
 * The first message of `worker`, once: `read` turns an answer into the value;
 * a posted error, an uncaught one, or an exit before any message (`doing`
 * says what was left undone) rejects. The worker is stopped either way.
 */
export function firstAnswer<T extends object, V>(worker: Worker, doing: string, read: (answer: T) => V): Promise<V> {
  return new Promise<V>((resolve, reject) => {
    let answered = false;
    worker.once("message", (message: WorkerAnswer<T>) => {
      answered = true;
      if ("error" in message && typeof message.error === "string")
        reject(Object.assign(new Error(message.error), { stack: message.stack }));
      else resolve(read(message as T));
    });
    worker.once("error", reject);
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`the ${doing} thread stopped (exit code ${code}) before it answered`));
    });
  }).finally(() => void worker.terminate());
}

/**
 * In a worker: posts `work()`'s answer as `firstAnswer` reads it, handing over
 * the buffers `transfer` names, or the error it threw (or the post's own, such
 * as a value that cannot be cloned) with its message and stack.
 */
export function postAnswer<T extends object>(work: () => T, transfer: (answer: T) => Transferable[] = () => []): void {
  const port = parentPort;
  if (!port) throw new Error("postAnswer: not on a worker thread");
  try {
    const answer = work();
    port.postMessage(answer satisfies WorkerAnswer<T>, transfer(answer));
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    port.postMessage({ error: e.message, stack: e.stack } satisfies WorkerAnswer<T>);
  }
}
