import { trainRunner } from "../api/routes/jobs.js";
import { buildServer, DEFAULTS } from "../api/server.js";
import { DEFAULT_BATCH_MAX } from "../api/schemas.js";
import { DEFAULT_DB_URL, resolveDbUrl } from "../db/connect.js";
import { main, UsageError } from "./run.js";

const usage = `
Usage: npm run serve -- [--port 8080] [--host 127.0.0.1] [--db URL] [--models DIR] [--state DIR]
                        [--data DIR] [--reports DIR] [--cors ORIGINS] [--batch-max N]
                        [--body-limit MB] [--rate-limit N] [--no-train]

Serves the HTTP API: segment and predict customers with the active model,
a warehouse customer's figures, the analyses' figures, scrape, report and
train jobs, model versions, health, readiness, Prometheus metrics, the
OpenAPI document (/openapi.json) and Swagger UI (/docs). Every route but
those last five needs an API key (npm run api-key -- create ...).

Options (each also from the environment variable named):
  --port N         port to listen on (SALES_API_PORT; default 8080; 0 = any free port)
  --host H         address to bind (SALES_API_HOST; default 127.0.0.1, this machine only;
                   0.0.0.0 to serve others)
  --db URL         the warehouse, loaded beforehand with npm run warehouse (SALES_DB;
                   default ${DEFAULT_DB_URL})
  --models DIR     saved model versions, one folder each, and active.json
                   (SALES_API_MODELS; default ${DEFAULTS.modelsDir})
  --state DIR      API keys (api-keys.json), jobs (jobs.json) and scrapes
                   (SALES_API_STATE; default ${DEFAULTS.stateDir})
  --data DIR       the extracts, for the analyses' cost assumptions (default ${DEFAULTS.dataDir})
  --reports DIR    where report packs are written and listed (SALES_API_REPORTS;
                   default ${DEFAULTS.reportsDir})
  --cors LIST      origins allowed by CORS, comma-separated (SALES_API_CORS_ORIGINS;
                   default none: CORS off)
  --batch-max N    most customers in one /v1/segment or /v1/predict batch
                   (SALES_API_BATCH_MAX; default ${DEFAULT_BATCH_MAX})
  --body-limit MB  largest request body in MiB (SALES_API_BODY_LIMIT_MB; default 32)
  --rate-limit N   requests a minute per API key, unless the key has its own
                   (SALES_API_RATE_LIMIT; default ${DEFAULTS.rateLimit})
  --no-train       do not train a model at start when none is saved (then the
                   model routes answer 503 until POST /v1/models/train)
  -h, --help       show this help

When the event loop is held up longer than SALES_API_MAX_LOOP_DELAY_MS (default
3000; 0 turns it off) requests get 503 with Retry-After until it recovers.

Logs are JSON lines on stdout with a request id (SALES_API_LOG_LEVEL: info by
default). SIGTERM or SIGINT stops taking requests, lets those in flight finish
(at most SALES_API_DRAIN_SECONDS, default 10), marks running jobs failed with
the reason, and exits 0.

Exit codes: 0 stopped cleanly, 1 could not start (port taken, unreadable
state), 2 usage error.
`;

await main({
  name: "serve",
  usage,
  options: {
    port: { type: "string" },
    host: { type: "string" },
    db: { type: "string" },
    models: { type: "string" },
    state: { type: "string" },
    data: { type: "string" },
    reports: { type: "string" },
    cors: { type: "string" },
    "batch-max": { type: "string" },
    "body-limit": { type: "string" },
    "rate-limit": { type: "string" },
    "no-train": { type: "boolean", default: false },
  },
  async run(values) {
    const env = process.env;
    const port = whole(values.port ?? env.SALES_API_PORT ?? "8080", "--port", 0, 65535);
    const host = values.host ?? env.SALES_API_HOST ?? "127.0.0.1";
    const corsList = values.cors ?? env.SALES_API_CORS_ORIGINS;
    const batch = values["batch-max"] ?? env.SALES_API_BATCH_MAX;
    const body = values["body-limit"] ?? env.SALES_API_BODY_LIMIT_MB;
    const rate = values["rate-limit"] ?? env.SALES_API_RATE_LIMIT;
    const { app, context } = await buildServer({
      db: resolveDbUrl(values.db),
      modelsDir: values.models ?? env.SALES_API_MODELS,
      stateDir: values.state ?? env.SALES_API_STATE,
      dataDir: values.data,
      reportsDir: values.reports ?? env.SALES_API_REPORTS,
      corsOrigins: corsList?.split(",").map((o) => o.trim()).filter(Boolean),
      batchMax: batch === undefined ? undefined : whole(batch, "--batch-max", 1, 10_000_000),
      bodyLimit: body === undefined ? undefined : whole(body, "--body-limit", 1, 4096) * 1024 * 1024,
      rateLimit: rate === undefined ? undefined : whole(rate, "--rate-limit", 1, 100_000_000),
      maxEventLoopDelay: env.SALES_API_MAX_LOOP_DELAY_MS === undefined ? undefined : whole(env.SALES_API_MAX_LOOP_DELAY_MS, "SALES_API_MAX_LOOP_DELAY_MS", 0, 600_000),
      logger: { level: env.SALES_API_LOG_LEVEL ?? "info", redact: ["req.headers.authorization", 'req.headers["x-api-key"]'] },
    });
    if (!context.models.current() && !values["no-train"]) {
      const job = await context.jobs.submit("train", { period: "all", activate: true }, "server", trainRunner(context));
      app.log.warn({ job: job.id }, "no saved model: training one on all the data; the model routes answer 503 until it is done");
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
      app.listen({ port, host }).then((address) => {
        process.stderr.write(`serving on ${address} (docs ${address}/docs)\n`);
      }, reject);
    });
  },
});

function whole(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}
