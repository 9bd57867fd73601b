import assert from "node:assert/strict";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { JobError, JobQueue } from "./jobs.js";

async function withQueue(work: (path: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "sales-jobs-"));
  try {
    await work(join(dir, "jobs.json"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const tick = () => new Promise((r) => setTimeout(r, 20));

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await tick();
  assert.ok(condition(), "timed out");
}

test("jobs of one kind run one at a time, others beside them, in the order asked", () =>
  withQueue(async (path) => {
    const q = new JobQueue(path);
    await q.open();
    const order: string[] = [];
    const gates: (() => void)[] = [];
    const runner = (name: string) => async () => {
      order.push(`start ${name}`);
      await new Promise<void>((r) => gates.push(r));
      order.push(`end ${name}`);
      return { name };
    };
    const a = await q.submit("scrape", {}, "k", runner("a"));
    const b = await q.submit("scrape", {}, "k", runner("b"));
    const c = await q.submit("train", {}, "k", runner("c"));
    await until(() => order.length === 2);
    assert.deepEqual(order, ["start a", "start c"]);
    assert.equal(q.get(b.id)!.state, "queued");
    gates.shift()!();
    await until(() => order.length === 4);
    assert.deepEqual(order, ["start a", "start c", "end a", "start b"]);
    gates.splice(0).forEach((g) => g());
    await q.whenIdle();
    assert.deepEqual(
      [a, b, c].map((j) => q.get(j.id)!.state),
      ["succeeded", "succeeded", "succeeded"],
    );
    assert.deepEqual(q.get(b.id)!.result, { name: "b" });
  }));

test("a failing job keeps a safe message: a JobError's words, otherwise its first line without SQL", () =>
  withQueue(async (path) => {
    const q = new JobQueue(path);
    await q.open();
    const a = await q.submit("train", {}, "k", async () => {
      throw new JobError("period 1850 has no orders");
    });
    const b = await q.submit("report", {}, "k", async () => {
      throw new Error("Binder Error: SELECT * FROM secret_table\n    at x (/app/y.js:1:1)");
    });
    await q.whenIdle();
    assert.equal(q.get(a.id)!.error, "period 1850 has no orders");
    assert.equal(q.get(b.id)!.error, "The report job failed: see the server log for details");
  }));

test("a queue reopened after a stop marks the jobs left queued or running failed, with the reason", () =>
  withQueue(async (path) => {
    const q = new JobQueue(path);
    await q.open();
    const never = () => new Promise<Record<string, unknown>>(() => undefined);
    const running = await q.submit("scrape", {}, "k", never);
    const queued = await q.submit("scrape", {}, "k", never);
    await tick();
    // A crash: the process ends without close(); the file says running and queued.
    const saved = JSON.parse(await readFile(path, "utf8")).jobs.map((j: { state: string }) => j.state);
    assert.deepEqual(saved.sort(), ["queued", "running"]);
    const again = new JobQueue(path);
    assert.equal(await again.open(), 2);
    for (const id of [running.id, queued.id]) {
      assert.equal(again.get(id)!.state, "failed");
      assert.match(again.get(id)!.error!, /server stopped before the job finished/);
    }
  }));

test("close() aborts running jobs, fails queued ones and refuses new ones", () =>
  withQueue(async (path) => {
    const q = new JobQueue(path);
    await q.open();
    let aborted = false;
    const running = await q.submit(
      "train",
      {},
      "k",
      (_p, { signal }) =>
        new Promise((_, reject) => signal.addEventListener("abort", () => ((aborted = true), reject(signal.reason)))),
    );
    const queued = await q.submit("train", {}, "k", async () => ({}));
    await tick();
    await q.close("server stopping", 1000);
    assert.ok(aborted);
    assert.equal(q.get(running.id)!.state, "cancelled");
    assert.equal(q.get(queued.id)!.state, "failed");
    await assert.rejects(
      q.submit("train", {}, "k", async () => ({})),
      JobError,
    );
  }));
