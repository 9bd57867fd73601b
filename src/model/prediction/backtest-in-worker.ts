import type { Transferable } from "node:worker_threads";
import { canStartWorker, firstAnswer, startWorker, workerEntry } from "../../threads.js";
import type { OriginFigures } from "./choice.js";
import type { WindowJob } from "./backtest.js";
import type { WindowAnswer } from "./backtest-worker.js";

const ENTRY = workerEntry(import.meta.url, "backtest-worker");

/**
 * `windowOrigins(job)` on a worker thread, or undefined where no worker can
 * start. `transfer` lists the arrays this thread gives up (snapshots only the
 * worker's windows read); arrays in shared memory are shared, the rest copied.
 */
export function windowOriginsInWorker(
  job: WindowJob,
  transfer: readonly Transferable[],
): Promise<OriginFigures[]> | undefined {
  if (!canStartWorker(ENTRY)) return undefined;
  const worker = startWorker(ENTRY, { workerData: job, transferList: [...transfer] });
  return firstAnswer(worker, "backtest", (answer: WindowAnswer) => answer.origins);
}
