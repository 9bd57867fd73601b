import { workerData } from "node:worker_threads";
import { postAnswer } from "../../threads.js";
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

postAnswer(
  (): ClusterAnswer => {
    const job = workerData as ClusterJob;
    const { labels, ...fit } = fitClusters(job.points, job.valueAxis, job.options);
    return { fit, labels: Int32Array.from(labels) };
  },
  (answer) => [answer.labels.buffer as ArrayBuffer],
);
