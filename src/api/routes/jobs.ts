import { randomBytes } from "node:crypto";
import { basename, join } from "node:path";
import { checkPeriodSpec, PeriodError } from "../../analyse/period.js";
import { defaultOutDir } from "../../run/out-dir.js";
import type { Api, ApiContext, ScrapeSite } from "../context.js";
import { JobError, type Job, type JobKind } from "../jobs.js";
import { ProblemError } from "../problem.js";
import { BUSY_DETAIL } from "../warehouse.js";
import { DuckDBLockedError } from "../../db/duckdb-lock.js";
import { loadFolderInto } from "../../load/into.js";
import { ALLOW_HOSTS_ENV, hostPolicy } from "../../scrape/policy.js";
import { Accepted, JobParams, Job as JobSchema, Problem, ReportBody, ScrapeBody, TrainBody } from "../schemas.js";
import { Type } from "@sinclair/typebox";

/**
 * The long work as jobs: POST /v1/scrape, /v1/reports and /v1/models/train
 * answer 202 with the job and where to poll it; GET /v1/jobs/{id} tells its
 * state, progress, result or error. The same job asked for twice while the
 * first is queued or running is a 409 naming that job.
 */
export default async function jobRoutes(
  app: Api,
  ctx: ApiContext,
  options: { scrapeAllowHosts?: string[] },
): Promise<void> {
  const accepted = (job: Job) => ({ job, location: `/v1/jobs/${job.id}` });
  const duplicate = (kind: JobKind, params: Record<string, unknown>) => {
    const same = ctx.jobs
      .list()
      .find(
        (j) =>
          j.kind === kind &&
          (j.state === "queued" || j.state === "running") &&
          JSON.stringify(j.params) === JSON.stringify(params),
      );
    if (same)
      throw new ProblemError(409, `The same ${kind} job is already ${same.state}: follow /v1/jobs/${same.id}`, {
        slug: "duplicate-job",
        title: "The same job is already under way",
      });
  };
  const schema202 = { 202: Accepted, "4xx": Problem, 503: Problem };

  app.post(
    "/v1/scrape",
    {
      config: { scope: "scrape" },
      schema: {
        tags: ["jobs"],
        summary: "Scrape the data site (a job; one scrape runs at a time)",
        body: ScrapeBody,
        response: schema202,
      },
    },
    async (request, reply) => {
      const params = { url: request.body.url, mode: request.body.mode ?? "auto", load: request.body.load ?? false };
      const url = new URL(params.url);
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        throw new ProblemError(400, `url must be http or https, got ${url.protocol}`, {
          errors: [{ field: "body.url", message: "must be an http(s) URL" }],
        });
      }
      // Only the data site and the hosts the operator listed (SSRF): never the host a caller names.
      const allow = options.scrapeAllowHosts ?? [];
      const policy = hostPolicy(allow);
      if (!policy.hosts.has(url.hostname.toLowerCase().replace(/^\[(.*)\]$/, "$1"))) {
        throw new ProblemError(
          400,
          `url host ${url.hostname} is not one the operator allows (${[...policy.hosts].join(", ")}; more with ${ALLOW_HOSTS_ENV})`,
          { errors: [{ field: "body.url", message: "host not allowed" }] },
        );
      }
      let scrape: ScrapeSite;
      try {
        scrape = await ctx.scrape();
      } catch (error) {
        request.log.warn({ err: error }, "scraper not available");
        throw new ProblemError(503, "The scraper is not available in this build of the server", {
          slug: "scraper-unavailable",
          title: "scraper not available",
        });
      }
      duplicate("scrape", params);
      const job = await ctx.jobs.submit("scrape", params, request.apiKey!.name, async (p, { signal, progress }) => {
        const out = join(
          ctx.scrapeDir,
          `${new Date().toISOString().replace(/[-:.]/g, "")}-${randomBytes(3).toString("hex")}`,
        );
        const result = await scrape({
          url: String(p.url),
          out,
          mode: p.mode as "auto",
          db: ctx.dbUrl,
          allowHosts: allow,
          signal,
          onProgress: progress,
        });
        // Loaded here rather than by the scraper: the load must hold the warehouse alone in this process (writing).
        if (p.load === true) {
          signal.throwIfAborted();
          await ctx.warehouse
            .writing(() => loadFolderInto(ctx.dbUrl, result.out, progress))
            .catch((error: unknown) => {
              if (!(error instanceof DuckDBLockedError)) throw error;
              // Which process holds the file is the operator's to find (the warehouse command names it).
              throw new JobError(
                `The scrape is saved in ${result.out}, but the warehouse is open in another process (a notebook or a ` +
                  `command), so it was not loaded: load it once that process has let go (npm run warehouse -- --data ${result.out})`,
              );
            });
        }
        return { out: result.out, manifest: result.manifest };
      });
      return reply.code(202).header("location", `/v1/jobs/${job.id}`).send(accepted(job));
    },
  );

  app.post(
    "/v1/reports",
    {
      config: { scope: "reports" },
      schema: {
        tags: ["jobs"],
        summary: "Render a report pack for a period (a job)",
        body: ReportBody,
        response: schema202,
      },
    },
    async (request, reply) => {
      const b = request.body;
      checkPeriod(b.period);
      const filters = { ...(b.country ? { country: b.country } : {}), ...(b.category ? { category: b.category } : {}) };
      const params = { period: b.period, filters, formats: b.formats ?? ["html", "pdf"] };
      duplicate("report", params);
      const job = await ctx.jobs.submit("report", params, request.apiKey!.name, async (_p, { signal, progress }) => {
        await waitOutLoad(ctx, signal, progress);
        const name = basename(defaultOutDir(params.period, filters));
        // Its own read-only connection, which a scrape job's load in this process must not write under.
        const result = await ctx.warehouse
          .reading(() =>
            ctx.report({
              period: params.period,
              filters,
              formats: params.formats,
              out: join(ctx.reportsDir, name),
              db: ctx.dbUrl,
              dataDir: ctx.dataDir,
              signal,
              onProgress: (message) => progress({ message }),
            }),
          )
          .catch((error: unknown) => {
            // A load that began after the wait: the client hears why, not the holder's process and command line.
            throw error instanceof DuckDBLockedError ? new JobError(BUSY_DETAIL) : error;
          });
        return { name: basename(result.dir), files: `/v1/reports/${basename(result.dir)}` };
      });
      return reply.code(202).header("location", `/v1/jobs/${job.id}`).send(accepted(job));
    },
  );

  app.post(
    "/v1/models/train",
    {
      config: { scope: "admin" },
      schema: {
        tags: ["jobs"],
        summary: "Retrain both models on a period (a job); the new version serves as soon as it is saved",
        body: TrainBody,
        response: schema202,
      },
    },
    async (request, reply) => {
      const params = { period: request.body.period ?? "all", activate: request.body.activate ?? true };
      checkPeriod(params.period);
      duplicate("train", params);
      const job = await ctx.jobs.submit("train", params, request.apiKey!.name, trainRunner(ctx));
      return reply.code(202).header("location", `/v1/jobs/${job.id}`).send(accepted(job));
    },
  );

  app.get(
    "/v1/jobs/:id",
    {
      config: { scope: "read" },
      schema: {
        tags: ["jobs"],
        summary: "A job's state, progress, result or error",
        params: JobParams,
        response: { 200: JobSchema, "4xx": Problem },
      },
    },
    async (request) => {
      const job = ctx.jobs.get(request.params.id);
      if (!job)
        throw new ProblemError(404, `No job ${request.params.id} (finished jobs are kept for the last 500)`, {
          errors: [{ field: "path.id", message: "is not a known job" }],
        });
      return job;
    },
  );

  app.get(
    "/v1/jobs",
    {
      config: { scope: "read" },
      schema: {
        tags: ["jobs"],
        summary: "Recent jobs, newest first",
        response: { 200: Type.Object({ jobs: Type.Array(JobSchema) }), "4xx": Problem },
      },
    },
    async () => ({
      jobs: ctx.jobs
        .list()
        .sort((a, b) => b.created_at.localeCompare(a.created_at))
        .slice(0, 100),
    }),
  );
}

/**
 * A period that cannot be one is the caller's to fix now (400), not a job
 * that fails later; whether the data holds it is the job's to find out.
 */
function checkPeriod(period: string): void {
  try {
    checkPeriodSpec(period);
  } catch (error) {
    if (!(error instanceof PeriodError)) throw error;
    throw new ProblemError(400, error.message, {
      slug: "invalid-input",
      errors: [{ field: "body.period", message: error.message }],
    });
  }
}

/** How long a job waits for a load that holds an embedded warehouse (a reload takes seconds to a minute). */
const LOAD_WAIT_MS = 5 * 60_000;

/** A job that reads the warehouse waits out a reload under way, saying so in its progress, rather than fail. */
function waitOutLoad(ctx: ApiContext, signal: AbortSignal, progress: (p: { message: string }) => void): Promise<void> {
  return ctx.warehouse.waitWhileLoading({
    timeoutMs: LOAD_WAIT_MS,
    signal,
    onWait: (tries) => progress({ message: `waiting for the warehouse: a load is writing it (try ${tries})` }),
  });
}

/** Training: the analyses' own segments and prediction on a period, saved as a version, then served. */
export function trainRunner(ctx: ApiContext) {
  return async (
    p: Record<string, unknown>,
    { signal, progress }: { signal: AbortSignal; progress: (p: { message: string }) => void },
  ) => {
    await waitOutLoad(ctx, signal, progress);
    progress({ message: `training on ${String(p.period)}` });
    const version = await ctx.warehouse
      .use((db) => ctx.models.train(db, { period: String(p.period), dataDir: ctx.dataDir, signal }))
      .catch((error: unknown) => {
        const e = error as Error;
        // A period the data does not know is the caller's to fix; say so in the job.
        if (e.name === "PeriodError" || e.name === "ModelError" || e.name === "FilterError")
          throw new JobError(e.message);
        throw e;
      });
    if (p.activate !== false) await ctx.models.activate(version);
    return { version, active: p.activate !== false };
  };
}
