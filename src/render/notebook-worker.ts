import { dirname } from "node:path";
import { NotebookError, runNotebook, type WorkerReply, type WorkerRequest } from "./notebooks.js";
import { Converters, TslabSession } from "./tslab.js";

/**
 * A forked worker of `runNotebooks` and of the report's `NotebookKernel`
 * (kernel.ts): warms up, then runs the notebooks it is sent, one at a time.
 */

const send = (reply: WorkerReply) => process.send!(reply);
// One set of compilers for the worker's life: notebooks of a run share a folder.
let converters: Converters | undefined;

function convertersOf(dir: string): Converters {
  if (converters?.dir !== dir) {
    converters?.close();
    converters = new Converters(dir);
  }
  return converters;
}

async function handle(m: WorkerRequest): Promise<void> {
  if (m.type === "exit") {
    converters?.close();
    return process.disconnect();
  }
  if (m.type === "warm") {
    // A throwaway session: it compiles the imports into the shared compilers and loads the modules they name.
    const session = new TslabSession(m.dir, convertersOf(m.dir));
    try {
      if (m.source) await session.run(m.source);
    } finally {
      session.close();
    }
    return;
  }
  try {
    send({
      type: "done",
      index: m.index,
      result: await runNotebook(m.path, m.params, {
        timeoutSeconds: m.timeoutSeconds,
        converters: convertersOf(dirname(m.path)),
      }),
    });
  } catch (error) {
    const e = error as Error;
    send({
      type: "failed",
      index: m.index,
      error:
        e instanceof NotebookError
          ? { message: e.message, notebook: e.notebook, cell: e.cell, detail: e.detail }
          : { message: e.message },
    });
  }
}

// In the order they came: a notebook sent while the worker warms up waits for the compilers.
let queue = Promise.resolve();
process.on("message", (m: WorkerRequest) => {
  queue = queue
    .then(() => handle(m))
    .catch((error: unknown) => {
      process.stderr.write(`notebook worker: ${(error as Error).message}\n`);
    });
});

send({ type: "ready" });
