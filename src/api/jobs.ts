import { randomUUID } from "node:crypto";
import { readJson, SerialQueue, writeJsonAtomically } from "./json-file.js";

/**
 * Long work (scrape, report, train) as jobs: queued, run in the server
 * process with a limit per kind (one scrape at a time), independent of the
 * request that asked for them (a client that disconnects does not stop its
 * job), and kept in a small JSON file. A job found queued or running when the
 * server starts was cut off by a stop or a crash: it is marked failed with
 * that reason instead of staying "running" forever.
 */

export type JobKind = "scrape" | "report" | "train";
export type JobState = "queued" | "running" | "succeeded" | "failed" | "cancelled";

interface JobProgress {
  message: string;
  table?: string;
  rows?: number;
}

export interface Job {
  id: string;
  kind: JobKind;
  state: JobState;
  params: Record<string, unknown>;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  progress: JobProgress | null;
  result: Record<string, unknown> | null;
  error: string | null;
  /** The name of the API key that asked for it. */
  key: string;
}

interface JobContext {
  signal: AbortSignal;
  progress(p: JobProgress): void;
}

export type JobRunner = (params: Record<string, unknown>, ctx: JobContext) => Promise<Record<string, unknown>>;

/** An error whose message is safe to show the client as the job's error. */
export class JobError extends Error {
  override name = "JobError";
}

const DEFAULT_LIMITS: Record<JobKind, number> = { scrape: 1, report: 1, train: 1 };
/** Finished jobs kept in the file (the oldest finished ones go first). */
const KEEP = 500;

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly running = new Map<JobKind, number>();
  private readonly waiting: { job: Job; runner: JobRunner }[] = [];
  private readonly writes = new SerialQueue();
  private readonly idle = new Set<() => void>();
  private lastSave = 0;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly limits: Record<JobKind, number> = DEFAULT_LIMITS,
    private readonly log: { error(o: object, msg: string): void } = { error: () => undefined },
  ) {}

  /** Reads the file; marks jobs cut off by a stop or crash as failed. Returns how many were. */
  async open(): Promise<number> {
    const saved = await readJson<{ jobs: Job[] }>(this.path, { jobs: [] });
    let interrupted = 0;
    for (const job of saved.jobs ?? []) {
      if (job.state === "queued" || job.state === "running") {
        job.state = "failed";
        job.error = `The server stopped before the job finished (it was ${job.started_at ? "running" : "queued"}); submit it again`;
        job.finished_at = new Date().toISOString();
        interrupted++;
      }
      this.jobs.set(job.id, job);
    }
    if (interrupted) await this.save(true);
    return interrupted;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  list(): Job[] {
    return [...this.jobs.values()];
  }

  /** Queues a job; it starts when its kind has a free slot. */
  async submit(kind: JobKind, params: Record<string, unknown>, key: string, runner: JobRunner): Promise<Job> {
    if (this.closed) throw new JobError("the server is stopping: submit the job again once it is back");
    const job: Job = {
      id: randomUUID(),
      kind,
      state: "queued",
      params,
      created_at: new Date().toISOString(),
      started_at: null,
      finished_at: null,
      progress: null,
      result: null,
      error: null,
      key,
    };
    this.jobs.set(job.id, job);
    this.waiting.push({ job, runner });
    await this.save(true);
    this.pump();
    return { ...job };
  }

  /** Resolves when no job is queued or running. */
  async whenIdle(): Promise<void> {
    while (this.busy() > 0) await new Promise<void>((resolve) => this.idle.add(resolve));
    // And every state change is on disk.
    await this.writes.run(async () => undefined);
  }

  busy(): number {
    let n = this.waiting.length;
    for (const r of this.running.values()) n += r;
    return n;
  }

  /**
   * Stops taking jobs; aborts the running ones, fails the queued ones with the
   * reason, waits (at most `graceMs`) for the running ones to settle, saves.
   */
  async close(reason: string, graceMs = 5000): Promise<void> {
    this.closed = true;
    for (const { job } of this.waiting.splice(0)) this.finish(job, "failed", null, reason);
    for (const c of this.controllers.values()) c.abort(new JobError(reason));
    await Promise.race([this.whenIdle(), new Promise((r) => setTimeout(r, graceMs).unref())]);
    for (const job of this.jobs.values()) if (job.state === "running") this.finish(job, "failed", null, reason);
    await this.save(true);
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length;) {
      const { job, runner } = this.waiting[i];
      if ((this.running.get(job.kind) ?? 0) >= this.limits[job.kind]) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      void this.start(job, runner);
    }
  }

  private async start(job: Job, runner: JobRunner): Promise<void> {
    this.running.set(job.kind, (this.running.get(job.kind) ?? 0) + 1);
    const controller = new AbortController();
    this.controllers.set(job.id, controller);
    job.state = "running";
    job.started_at = new Date().toISOString();
    await this.save(true);
    try {
      const result = await runner(job.params, {
        signal: controller.signal,
        progress: (p) => {
          job.progress = {
            message: String(p.message).slice(0, 500),
            ...(p.table ? { table: p.table } : {}),
            ...(p.rows !== undefined ? { rows: p.rows } : {}),
          };
          void this.save(false);
        },
      });
      if (job.state === "running") this.finish(job, "succeeded", result, null);
    } catch (error) {
      if (job.state === "running") {
        // Only errors meant for the client keep their words; the rest are logged.
        const safe = error instanceof JobError || (error instanceof Error && error.name.endsWith("InputError"));
        if (!safe) this.log.error({ err: error, job: job.id, kind: job.kind }, "job failed");
        const message =
          safe || controller.signal.aborted
            ? (error as Error).message
            : `The ${job.kind} job failed: ${publicMessage(error)}`;
        this.finish(job, controller.signal.aborted ? "cancelled" : "failed", null, message);
      }
    } finally {
      this.controllers.delete(job.id);
      this.running.set(job.kind, (this.running.get(job.kind) ?? 1) - 1);
      this.pump();
      await this.save(true);
      if (this.busy() === 0) {
        for (const resolve of this.idle) resolve();
        this.idle.clear();
      }
    }
  }

  private finish(job: Job, state: JobState, result: Record<string, unknown> | null, error: string | null): void {
    job.state = state;
    job.result = result;
    job.error = error;
    job.finished_at = new Date().toISOString();
  }

  /** Progress is saved at most once a second; state changes at once. */
  private save(force: boolean): Promise<void> {
    const now = Date.now();
    if (!force && now - this.lastSave < 1000) return Promise.resolve();
    this.lastSave = now;
    return this.writes.run(async () => {
      const all = [...this.jobs.values()];
      const finished = all.filter((j) => j.finished_at).sort((a, b) => a.finished_at!.localeCompare(b.finished_at!));
      for (const old of finished.slice(0, Math.max(0, all.length - KEEP))) this.jobs.delete(old.id);
      await writeJsonAtomically(this.path, { jobs: [...this.jobs.values()] });
    });
  }
}

/** A failure's first line, without paths' stack frames or SQL text (that stays in the log). */
function publicMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const line = text.split("\n")[0].slice(0, 300);
  return /\b(SELECT|INSERT|UPDATE|DELETE|CREATE)\b/i.test(line) ? "see the server log for details" : line;
}
