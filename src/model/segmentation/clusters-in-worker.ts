import { canStartWorker, firstAnswer, startWorker, workerEntry } from "../../threads.js";
import { fitClusters, type ClusterFit, type ClusterOptions } from "./clusters.js";
import type { ClusterAnswer } from "./clusters-worker.js";
import type { Matrix } from "./matrix.js";

const ENTRY = workerEntry(import.meta.url, "clusters-worker");

/**
 * Below this many buyers the fit takes less than a worker's start (tens of
 * milliseconds), and runs on this thread.
 */
const WORKER_FROM_BUYERS = 10_000;

export interface ClusterJob {
  points: Matrix;
  valueAxis: number;
  options?: ClusterOptions;
}

/**
 * `fitClusters` on a worker thread, so that this thread scores the RFM
 * segments meanwhile: the same code on the same numbers, so the same fit.
 * `points` is handed over (its array is empty here afterwards). Where no
 * worker can start, or for few buyers, the fit runs here, before this returns.
 */
export function fitClustersBeside(points: Matrix, valueAxis: number, options?: ClusterOptions): Promise<ClusterFit> {
  if (points.rows < WORKER_FROM_BUYERS || !canStartWorker(ENTRY))
    return Promise.resolve(fitClusters(points, valueAxis, options));
  const job: ClusterJob = { points, valueAxis, options };
  const worker = startWorker(ENTRY, { workerData: job, transferList: [points.data.buffer as ArrayBuffer] });
  return firstAnswer(worker, "clustering", (answer: ClusterAnswer) => ({
    ...answer.fit,
    labels: Array.from(answer.labels),
  }));
}
