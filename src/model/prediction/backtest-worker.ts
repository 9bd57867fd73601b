import { workerData } from "node:worker_threads";
import { postAnswer } from "../../threads.js";
import { windowOrigins, type WindowJob } from "./backtest.js";

/**
 * Worker thread entry: judges the backtest windows before the latest
 * (backtest-in-worker.ts) and posts their figures.
 */

export interface WindowAnswer {
  origins: ReturnType<typeof windowOrigins>;
}

postAnswer((): WindowAnswer => ({ origins: windowOrigins(workerData as WindowJob) }));
