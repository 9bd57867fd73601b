import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import metricsModule, { type IMetricsPluginOptions } from "fastify-metrics";
import type { FastifyPluginCallback } from "fastify";

// A CommonJS package with exports.default: Node's ESM import sees the exports object.
const metricsPlugin = ((metricsModule as unknown as { default?: unknown }).default ??
  metricsModule) as FastifyPluginCallback<Partial<IMetricsPluginOptions>>;
import type { JobQueue } from "./jobs.js";
import type { ModelStore } from "./models.js";

/**
 * GET /metrics in Prometheus text (fastify-metrics over prom-client): the
 * process's default metrics, a latency histogram and count per route and
 * status, and gauges for the job queue and the active model.
 */
export default fp(
  async function metrics(app: FastifyInstance, options: { jobs: JobQueue; models: ModelStore }) {
    await app.register(metricsPlugin, {
      endpoint: {
        url: "/metrics",
        method: "GET",
        config: { public: true },
        schema: { hide: true },
        handler: () => undefined,
      } as never,
      clearRegisterOnInit: true,
      routeMetrics: { enabled: true, registeredRoutesOnly: true, groupStatusCodes: false },
    });
    const client = app.metrics.client;
    new client.Gauge({
      name: "sales_api_jobs",
      help: "Jobs by kind and state",
      labelNames: ["kind", "state"],
      collect() {
        this.reset();
        for (const job of options.jobs.list()) this.inc({ kind: job.kind, state: job.state });
      },
    });
    new client.Gauge({
      name: "sales_api_model_active",
      help: "1 while a model version is loaded and serving, labelled with it",
      labelNames: ["version"],
      collect() {
        this.reset();
        const active = options.models.current();
        if (active) this.set({ version: active.version }, 1);
      },
    });
  },
  { name: "metrics" },
);
