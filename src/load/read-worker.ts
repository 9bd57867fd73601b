import { parentPort, workerData } from "node:worker_threads";
import { readFile } from "./read-file.js";
import { table } from "./schema.js";

/**
 * Worker thread entry: reads and checks one extract file (see read-file.ts)
 * and posts its rows to the loader. At most CREDITS batches are in flight,
 * so a worker never runs far ahead of the database.
 */

export interface ReadRequest {
  table: string;
  path: string;
  problemLimit: number;
}

export type ReadMessage =
  | { kind: "rows"; rows: import("../db/adapter.js").SqlValue[][] }
  | { kind: "done"; report: import("./read-file.js").FileReport }
  | { kind: "failed"; message: string; stack?: string };

export const CREDITS = 8;

const port = parentPort!;
const request = workerData as ReadRequest;
let credits = CREDITS;
let resume: (() => void) | undefined;
port.on("message", () => {
  credits++;
  resume?.();
  resume = undefined;
});

try {
  const file = readFile(table(request.table), request.path, request.problemLimit);
  for await (const rows of file.rows) {
    if (credits === 0) await new Promise<void>((r) => (resume = r));
    credits--;
    port.postMessage({ kind: "rows", rows } satisfies ReadMessage);
  }
  port.postMessage({ kind: "done", report: await file.report() } satisfies ReadMessage);
} catch (error) {
  const e = error as Error;
  port.postMessage({ kind: "failed", message: e.message, stack: e.stack } satisfies ReadMessage);
}
port.close();
