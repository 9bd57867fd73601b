import { dirname } from "node:path";
import { NotebookError, runNotebook, type WorkerReply, type WorkerRequest } from "./notebooks.js";
import { Converters } from "./tslab.js";

/** A forked worker of `runNotebooks`: runs the notebooks it is sent, one at a time. */

const send = (reply: WorkerReply) => process.send!(reply);
// One set of compilers for the worker's life: notebooks of a run share a folder.
let converters: Converters | undefined;

process.on("message", async (m: WorkerRequest) => {
  if (m.type === "exit") {
    converters?.close();
    return process.disconnect();
  }
  if (converters?.dir !== dirname(m.path)) {
    converters?.close();
    converters = new Converters(dirname(m.path));
  }
  try {
    send({
      type: "done",
      index: m.index,
      result: await runNotebook(m.path, m.params, { timeoutSeconds: m.timeoutSeconds, converters }),
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
});

send({ type: "ready" });
