import { parentPort, workerData } from "node:worker_threads";
import type { WorkerAnswer } from "../../threads.js";
import { windowOrigins, type WindowJob } from "./backtest.js";

/**
 * Worker thread entry: judges the backtest windows before the latest
 * (backtest-in-worker.ts) and posts their figures.
 */

export interface WindowAnswer {
  origins: ReturnType<typeof windowOrigins>;
}

const port = parentPort!;
try {
  port.postMessage({ origins: windowOrigins(workerData as WindowJob) } satisfies WorkerAnswer<WindowAnswer>);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ error: e.message, stack: e.stack } satisfies WorkerAnswer<WindowAnswer>);
}
