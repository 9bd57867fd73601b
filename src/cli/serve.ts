import { DEFAULT_BATCH_MAX, DEFAULTS } from "../api/defaults.js";
import { resolveDbUrl } from "../db/connect.js";
import { dbOption } from "./options.js";
import { defineCommand, isMain, main, whole } from "./run.js";

export const command = defineCommand({
  name: "serve",
  description: `
Serves the HTTP API: segment and predict customers with the active model,
a warehouse customer's figures, the analyses' figures, scrape, report and
train jobs, model versions, health, readiness, Prometheus metrics, the
OpenAPI document (/openapi.json) and Swagger UI (/docs). Every route but
those last five needs an API key (the api-key command creates one).`,
  epilogue: `
With no saved model the server trains one at start, once the warehouse answers
and is loaded: it tries every 2 s for SALES_API_DB_WAIT_SECONDS (default 600),
so the database of a stack may start after it. A connection the database drops
is reopened on the next request; /readyz says what is missing meanwhile.

An embedded warehouse (--db duckdb:PATH) is opened read-only, so notebooks and
reports read it beside the server, and let go after
SALES_API_WAREHOUSE_IDLE_SECONDS (default 5) without work, so the warehouse
command can reload it while the server idles.

When the event loop is held up longer than SALES_API_MAX_LOOP_DELAY_MS (default
3000; 0 turns it off) requests get 503 with Retry-After until it recovers.

Logs are JSON lines on stdout with a request id (SALES_API_LOG_LEVEL: info by
default). SIGTERM or SIGINT stops taking requests, lets those in flight finish
(at most SALES_API_DRAIN_SECONDS, default 10), marks running jobs failed with
the reason, and exits 0.

Exit codes: 0 stopped cleanly, 1 could not start (port taken, unreadable
state), 2 usage error.`,
  options: {
    port: {
      type: "string",
      value: "N",
      description: "port to listen on (0 = any free port)",
      defaultText: "SALES_API_PORT, else 8080",
    },
    host: {
      type: "string",
      value: "H",
      description: "address to bind: 127.0.0.1 is this machine only, 0.0.0.0 serves others",
      defaultText: "SALES_API_HOST, else 127.0.0.1",
    },
    db: { ...dbOption, description: "the warehouse, loaded beforehand with the warehouse command" },
    models: {
      type: "string",
      value: "DIR",
      description: "saved model versions, one folder each, and active.json",
      defaultText: `SALES_API_MODELS, else ${DEFAULTS.modelsDir}`,
    },
    state: {
      type: "string",
      value: "DIR",
      description: "API keys (api-keys.json), jobs (jobs.json) and scrapes",
      defaultText: `SALES_API_STATE, else ${DEFAULTS.stateDir}`,
    },
    data: {
      type: "string",
      value: "DIR",
      description: "the extracts, for the analyses' cost assumptions",
      defaultText: DEFAULTS.dataDir,
    },
    reports: {
      type: "string",
      value: "DIR",
      description: "where report packs are written and listed",
      defaultText: `SALES_API_REPORTS, else ${DEFAULTS.reportsDir}`,
    },
    cors: {
      type: "string",
      value: "LIST",
      description: "origins allowed by CORS, comma-separated",
      defaultText: "SALES_API_CORS_ORIGINS, else none: CORS off",
    },
    "batch-max": {
      type: "string",
      value: "N",
      description: "most customers in one /v1/segment or /v1/predict batch",
      defaultText: `SALES_API_BATCH_MAX, else ${DEFAULT_BATCH_MAX}`,
    },
    "body-limit": {
      type: "string",
      value: "MB",
      description: "largest request body in MiB",
      defaultText: "SALES_API_BODY_LIMIT_MB, else 32",
    },
    "rate-limit": {
      type: "string",
      value: "N",
      description: "requests a minute per API key, unless the key has its own",
      defaultText: `SALES_API_RATE_LIMIT, else ${DEFAULTS.rateLimit}`,
    },
    "no-train": {
      type: "boolean",
      default: false,
      description:
        "do not train a model at start when none is saved (the model routes answer 503 until POST /v1/models/train)",
    },
  },
  async run(values) {
    const env = process.env;
    const port = whole(values.port ?? env.SALES_API_PORT ?? "8080", "--port", 0, 65535);
    const host = values.host ?? env.SALES_API_HOST ?? "127.0.0.1";
    const corsList = values.cors ?? env.SALES_API_CORS_ORIGINS;
    const batch = values["batch-max"] ?? env.SALES_API_BATCH_MAX;
    const body = values["body-limit"] ?? env.SALES_API_BODY_LIMIT_MB;
    const rate = values["rate-limit"] ?? env.SALES_API_RATE_LIMIT;
    // Loaded here, not at the top: --help and a usage error need neither Fastify nor the models.
    const [{ buildServer }, { trainRunner }] = await Promise.all([
      import("../api/server.js"),
      import("../api/routes/jobs.js"),
    ]);
    const { app, context } = await buildServer({
      db: resolveDbUrl(values.db),
      modelsDir: values.models ?? env.SALES_API_MODELS,
      stateDir: values.state ?? env.SALES_API_STATE,
      dataDir: values.data,
      reportsDir: values.reports ?? env.SALES_API_REPORTS,
      corsOrigins: corsList
        ?.split(",")
        .map((o) => o.trim())
        .filter(Boolean),
      batchMax: batch === undefined ? undefined : whole(batch, "--batch-max", 1, 10_000_000),
      bodyLimit: body === undefined ? undefined : whole(body, "--body-limit", 1, 4096) * 1024 * 1024,
      rateLimit: rate === undefined ? undefined : whole(rate, "--rate-limit", 1, 100_000_000),
      maxEventLoopDelay:
        env.SALES_API_MAX_LOOP_DELAY_MS === undefined
          ? undefined
          : whole(env.SALES_API_MAX_LOOP_DELAY_MS, "SALES_API_MAX_LOOP_DELAY_MS", 0, 600_000),
      warehouseIdleMs:
        env.SALES_API_WAREHOUSE_IDLE_SECONDS === undefined
          ? undefined
          : whole(env.SALES_API_WAREHOUSE_IDLE_SECONDS, "SALES_API_WAREHOUSE_IDLE_SECONDS", 1, 86_400) * 1000,
      logger: {
        level: env.SALES_API_LOG_LEVEL ?? "info",
        redact: ["req.headers.authorization", 'req.headers["x-api-key"]'],
      },
    });
    if (!context.models.current() && !values["no-train"]) {
      // The database of a stack may start after the server, and be loaded after that: wait for both.
      const waitSeconds = whole(env.SALES_API_DB_WAIT_SECONDS ?? "600", "SALES_API_DB_WAIT_SECONDS", 0, 86_400);
      const train = trainRunner(context);
      const job = await context.jobs.submit("train", { period: "all", activate: true }, "server", async (p, job) => {
        await context.warehouse.waitUntilLoaded({
          timeoutMs: waitSeconds * 1000,
          signal: job.signal,
          onWait: (reason, tries) => {
            job.progress({ message: `waiting for the warehouse: ${reason}` });
            if (tries === 1 || tries % 15 === 0) app.log.warn({ tries }, `waiting for the warehouse: ${reason}`);
          },
        });
        return train(p, job);
      });
      app.log.warn(
        { job: job.id },
        "no saved model: training one on all the data once the warehouse answers; the model routes answer 503 until then",
      );
    }
    const drainSeconds = whole(env.SALES_API_DRAIN_SECONDS ?? "10", "SALES_API_DRAIN_SECONDS", 0, 3600);
    await new Promise<void>((resolve, reject) => {
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        app.log.info({ signal }, "stopping: draining requests in flight");
        const timer = setTimeout(() => {
          app.log.warn("drain timed out; closing remaining connections");
          app.server.closeAllConnections();
        }, drainSeconds * 1000);
        timer.unref();
        app.close().then(() => {
          clearTimeout(timer);
          app.log.info("stopped");
          resolve();
        }, reject);
      };
      process.once("SIGTERM", () => stop("SIGTERM"));
      process.once("SIGINT", () => stop("SIGINT"));
      app.listen({ port, host }).then(
        (address) => process.stderr.write(`serving on ${address} (docs ${address}/docs)\n`),
        (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)),
      );
    });
  },
});

if (isMain(import.meta.url)) await main(command);

/** Why the server could not listen, said with the option that changes it. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  const where = `${host}:${port}`;
  if (error.code === "EADDRINUSE")
    return new Error(
      `${where} is already in use by another program: stop it or choose another --port (or SALES_API_PORT)`,
    );
  if (error.code === "EACCES")
    return new Error(
      `${where} may not be opened by this user (ports below 1024 need privileges): choose --port 1024 or above`,
    );
  if (error.code === "EADDRNOTAVAIL" || error.code === "ENOTFOUND" || error.code === "EAI_AGAIN")
    return new Error(
      `--host ${host} is not an address of this machine: use 127.0.0.1, 0.0.0.0 or one of its own (or SALES_API_HOST)`,
    );
  return error;
}
