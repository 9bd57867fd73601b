import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import cors from "@fastify/cors";
import underPressure from "@fastify/under-pressure";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyServerOptions } from "fastify";
import auth from "./auth.js";
import type { Api, ApiContext, ReportRunner, ScrapeSite } from "./context.js";
import type { StageEvent } from "../render/stages.js";
import { JobQueue } from "./jobs.js";
import { KeyStore } from "./keys.js";
import metrics from "./metrics.js";
import { ModelStore } from "./models.js";
import openapi from "./openapi.js";
import problems, { problemOf, sendProblem } from "./problem.js";
import rateLimit from "./rate-limit.js";
import customerRoutes from "./routes/customers.js";
import figureRoutes from "./routes/figures.js";
import healthRoutes from "./routes/health.js";
import jobRoutes from "./routes/jobs.js";
import modelRoutes from "./routes/models.js";
import predictRoutes from "./routes/predict.js";
import reportRoutes from "./routes/reports.js";
import segmentRoutes from "./routes/segment.js";
import { DEFAULT_BATCH_MAX } from "./schemas.js";
import { Warehouse } from "./warehouse.js";
import { DEFAULTS } from "./defaults.js";

/**
 * The HTTP API as a Fastify instance, every concern a plugin registered here
 * in order: problem+json errors, API keys, per-key rate limit, load shedding,
 * CORS (only when origins are listed), metrics, the OpenAPI document, then the
 * routes. `npm run serve` (src/cli/serve.ts) starts it; tests build it on
 * port 0.
 */

export interface ServerOptions {
  /** Warehouse URL (duckdb:PATH, postgres://…, mssql://…). */
  db: string;
  /** Saved model versions; default data/models. */
  modelsDir?: string;
  /** API keys, jobs and scrapes live here; default data/api. */
  stateDir?: string;
  /** The extracts, for the analyses' cost assumptions; default data. */
  dataDir?: string;
  /** Report packs are written and listed here; default reports. */
  reportsDir?: string;
  /** Most customers in one segment or predict batch; default 100,000. */
  batchMax?: number;
  /** Largest request body in bytes; default 32 MiB (a 100,000-customer batch is about 15 MiB). */
  bodyLimit?: number;
  /** Requests a minute per key unless the key has its own; default 6,000. */
  rateLimit?: number;
  /** Origins allowed by CORS; none (the default) turns CORS off. */
  corsOrigins?: string[];
  /** Hosts a scrape may visit; default the host of the URL asked for. */
  scrapeAllowHosts?: string[];
  /** The scraper; default src/scrape/index.ts's scrapeSite, loaded when first asked for. */
  scrape?: ScrapeSite;
  /** The report renderer; default src/render/report.ts's buildReport. */
  report?: ReportRunner;
  /** Concurrent jobs per kind; default one each. */
  jobLimits?: { scrape?: number; report?: number; train?: number };
  /** Event-loop delay (ms) above which requests get 503; default 3,000; 0 turns load shedding off. */
  maxEventLoopDelay?: number;
  /** How often the event loop is sampled (ms); default 1,000. */
  pressureSampleMs?: number;
  /** Fastify logger options; default JSON lines on stdout at info. */
  logger?: FastifyServerOptions["logger"];
  /** How long /v1/figures keeps a computed document; default 10 minutes. */
  figuresTtlMs?: number;
  /** How long an idle embedded warehouse stays open (SALES_API_WAREHOUSE_IDLE_SECONDS); default 5 s. */
  warehouseIdleMs?: number;
}

export interface Server {
  app: Api;
  context: ApiContext;
  keys: KeyStore;
}

const PACKAGE_VERSION = (
  JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string }
).version;

export async function buildServer(options: ServerOptions): Promise<Server> {
  const stateDir = resolve(options.stateDir ?? DEFAULTS.stateDir);
  const app = Fastify({
    logger: options.logger ?? { level: "info", redact: ["req.headers.authorization", 'req.headers["x-api-key"]'] },
    bodyLimit: options.bodyLimit ?? DEFAULTS.bodyLimit,
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    // Off: "12" is not 12 in a body; the few path and query numbers are strings with a pattern.
    // allowUnionTypes: nullable fields are `type: [T, "null"]` (see schemas.ts).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true, allowUnionTypes: true } },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  }).withTypeProvider<TypeBoxTypeProvider>();

  const keys = new KeyStore(join(stateDir, "api-keys.json"));
  const models = new ModelStore(resolve(options.modelsDir ?? DEFAULTS.modelsDir));
  const jobs = new JobQueue(
    join(stateDir, "jobs.json"),
    { scrape: 1, report: 1, train: 1, ...options.jobLimits },
    app.log,
  );
  const warehouse = new Warehouse(options.db, options.warehouseIdleMs);
  const context: ApiContext = {
    models,
    warehouse,
    jobs,
    batchMax: options.batchMax ?? DEFAULT_BATCH_MAX,
    dataDir: resolve(options.dataDir ?? DEFAULTS.dataDir),
    reportsDir: resolve(options.reportsDir ?? DEFAULTS.reportsDir),
    dbUrl: options.db,
    scrapeDir: join(stateDir, "scrapes"),
    scrape: options.scrape ? async () => options.scrape! : loadScraper,
    report: options.report ?? renderReport,
  };

  const interrupted = await jobs.open();
  if (interrupted) app.log.warn({ jobs: interrupted }, "jobs cut off by the last stop marked failed");
  await models.load().catch((error: unknown) => app.log.error({ err: error }, "cannot load the active model"));

  // text/plain would reach the schema as a string; 415 says what is wrong.
  app.removeContentTypeParser("text/plain");
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", String(request.id));
  });

  await app.register(problems);
  await app.register(auth, { keys });
  await app.register(rateLimit, { perMinute: options.rateLimit ?? DEFAULTS.rateLimit });
  await app.register(underPressure, {
    maxEventLoopDelay: options.maxEventLoopDelay ?? 3000,
    sampleInterval: options.pressureSampleMs ?? 1000,
    retryAfter: 10,
    pressureHandler: (request, reply, type, value) => {
      reply.header("retry-after", "10");
      void sendProblem(
        request,
        reply,
        problemOf(503, `The server is overloaded (${type} ${Math.round(Number(value))}); retry in 10 s`, {
          slug: "overloaded",
        }),
      );
    },
  });
  if (options.corsOrigins?.length) {
    await app.register(cors, {
      origin: options.corsOrigins,
      methods: ["GET", "POST", "PUT"],
      allowedHeaders: ["authorization", "x-api-key", "content-type", "x-request-id"],
      exposedHeaders: ["x-request-id", "retry-after", "location"],
    });
  }
  await app.register(metrics, { jobs, models });
  await app.register(openapi, { version: PACKAGE_VERSION });

  for (const routes of [healthRoutes, segmentRoutes, predictRoutes, customerRoutes, modelRoutes, reportRoutes]) {
    await app.register(async (child) => routes(child as unknown as Api, context));
  }
  await app.register(async (child) => figureRoutes(child as unknown as Api, context, { ttlMs: options.figuresTtlMs }));
  await app.register(async (child) =>
    jobRoutes(child as unknown as Api, context, { scrapeAllowHosts: options.scrapeAllowHosts }),
  );

  app.addHook("onClose", async () => {
    await jobs.close("The server stopped before the job finished; submit it again");
    await warehouse.close();
  });
  return { app: app as unknown as Api, context, keys };
}

/** The scraper module is built separately; until it is there, scrape jobs answer 503. */
async function loadScraper(): Promise<ScrapeSite> {
  const path = "../scrape/index.js";
  const mod = (await import(path)) as { scrapeSite?: ScrapeSite };
  if (typeof mod.scrapeSite !== "function") throw new Error("src/scrape/index.ts does not export scrapeSite");
  return mod.scrapeSite;
}

/** A report job's progress line: its pack and stage, and what the stage has begun while a long one runs. */
export function stageProgress(e: StageEvent): string {
  const state = { start: " …", step: `: ${e.detail}…`, done: " done", failed: " failed" }[e.state];
  return `${e.period}: ${e.stage}${state}`;
}

/** The report command's own pipeline, in this process. */
const renderReport: ReportRunner = async (o) => {
  const { buildReport } = await import("../render/report.js");
  const result = await buildReport({
    period: o.period,
    filters: o.filters,
    formats: o.formats,
    out: o.out,
    db: o.db,
    dataDir: o.dataDir,
    // A request renders from the warehouse the API serves; it never loads it.
    warehouseAsIs: true,
    onStage: (e) => o.onProgress(stageProgress(e)),
  });
  return { dir: result.packs[0]?.dir ?? o.out };
};
