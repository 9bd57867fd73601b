import type { ChildProcess } from "node:child_process";
import { dirname, resolve } from "node:path";
import { forkNotebookWorker } from "./fork-worker.js";
import { readNotebook, text } from "./nbformat.js";
import {
  NotebookError,
  type ExecutedNotebook,
  type NotebookParams,
  type WorkerReply,
  type WorkerRequest,
} from "./notebooks.js";

/**
 * A notebook worker started before the notebooks can run. Creating tslab's
 * TypeScript compilers and compiling the notebooks' imports (the project's
 * declarations, @types/node) is the costliest part of a kernel: seconds,
 * whatever the data's size. Started when the report starts, the worker does
 * it on the other core while the warehouse is checked and the analyses run;
 * the notebooks stage then only runs cells. The notebooks run in it one after
 * another, as in-process, and share its compilers and module cache.
 */
export class NotebookKernel {
  readonly #child: ChildProcess;
  readonly #ready: Promise<void>;
  /** Replies of the notebook being run, by index. */
  readonly #waiting = new Map<number, { done: (r: ExecutedNotebook) => void; fail: (e: Error) => void }>();
  #exited: Error | null = null;
  #next = 0;

  private constructor(readonly dir: string) {
    this.#child = forkNotebookWorker();
    let failed: (error: Error) => void = () => undefined;
    this.#ready = new Promise((ready, fail) => {
      failed = fail;
      this.#child.once("error", fail);
      this.#child.on("message", (m: WorkerReply) => {
        if (m.type === "ready") return ready();
        const waiting = this.#waiting.get(m.index);
        this.#waiting.delete(m.index);
        if (m.type === "done") waiting?.done(m.result);
        else if (m.type === "failed")
          waiting?.fail(
            m.error.notebook
              ? new NotebookError(m.error.notebook, m.error.cell!, m.error.detail!)
              : new Error(m.error.message),
          );
      });
    });
    this.#ready.catch(() => undefined);
    this.#child.on("exit", (code, signal) => {
      this.#exited = new Error(`the notebook worker exited (${signal ?? `code ${code}`}) before the notebooks ran`);
      // A worker that never started (it failed to load) must not leave the notebooks stage waiting for it.
      failed(this.#exited);
      for (const w of this.#waiting.values()) w.fail(this.#exited);
      this.#waiting.clear();
    });
  }

  /** Forks the worker, which creates the compilers of `dir` at once (they need nothing of the project). */
  static start(dir: string): NotebookKernel {
    const kernel = new NotebookKernel(resolve(dir));
    kernel.#send({ type: "warm", dir: kernel.dir, source: "" });
    return kernel;
  }

  /**
   * Compiles the imports of `notebook` (one of the folder's): call it once
   * dist/ is built, since they load the compiled project. Best-effort: a
   * failure there shows again, with the notebook and cell, when the notebook
   * itself runs.
   */
  warm(notebook: string): void {
    this.#send({ type: "warm", dir: this.dir, source: importsOf(notebook) });
  }

  /** Runs the notebooks in order; the first failure rejects (and the rest are not run). */
  async run(paths: readonly string[], params: NotebookParams, timeoutSeconds?: number): Promise<ExecutedNotebook[]> {
    await this.#ready;
    const done: ExecutedNotebook[] = [];
    for (const path of paths) {
      if (dirname(resolve(path)) !== this.dir)
        throw new Error(`the notebook kernel of ${this.dir} cannot run ${path}: it compiles one folder's notebooks`);
      const index = this.#next++;
      const result = new Promise<ExecutedNotebook>((ok, fail) => this.#waiting.set(index, { done: ok, fail }));
      if (this.#exited) throw this.#exited;
      this.#send({ type: "run", index, path: resolve(path), params, timeoutSeconds });
      done.push(await result);
    }
    return done;
  }

  #send(request: WorkerRequest): void {
    if (this.#child.connected) this.#child.send(request);
  }

  /** Stops the worker (it closes its compilers and warehouses first when it can). */
  close(): void {
    if (this.#child.connected) this.#child.send({ type: "exit" } satisfies WorkerRequest);
    // A worker stuck in a cell does not hold the report up: it is killed if it has not gone in a second.
    setTimeout(() => this.#child.kill(), 1000).unref();
  }
}

/** The notebook's import statements, as one cell: compiling them loads the declarations every cell needs. */
export function importsOf(path: string): string {
  const imports: string[] = [];
  for (const cell of readNotebook(path).cells)
    if (cell.cell_type === "code")
      for (const m of text(cell.source).matchAll(/^import\s[^;]*?from\s*["'][^"']+["'];?/gms)) imports.push(m[0]);
  return imports.join("\n");
}
