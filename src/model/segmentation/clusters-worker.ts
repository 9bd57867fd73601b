import { parentPort, workerData } from "node:worker_threads";
import type { WorkerAnswer } from "../../threads.js";
import { fitClusters } from "./clusters.js";
import type { ClusterJob } from "./clusters-in-worker.js";

/**
 * Worker thread entry: fits the clusters (clusters-in-worker.ts) and posts the
 * fit, its labels as an Int32Array handed back without a copy.
 */

export interface ClusterAnswer {
  fit: Omit<ReturnType<typeof fitClusters>, "labels">;
  labels: Int32Array;
}

const port = parentPort!;
try {
  const job = workerData as ClusterJob;
  const { labels, ...fit } = fitClusters(job.points, job.valueAxis, job.options);
  const handed = Int32Array.from(labels);
  port.postMessage({ fit, labels: handed } satisfies WorkerAnswer<ClusterAnswer>, [handed.buffer]);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ error: e.message, stack: e.stack } satisfies WorkerAnswer<ClusterAnswer>);
}
