import assert from "node:assert/strict";
import { connect } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { connect as openDb } from "../db/connect.js";
import { holdDuckDB } from "../db/testing.js";
import type { Job } from "./jobs.js";
import type { Server } from "./server.js";
import { apiFixture, bearer, fixtureServer, settled, type ApiFixture } from "./testing.js";

/**
 * Jobs over a real socket and through the real pipeline: a job outlives the
 * client that posted it, and a report job renders a pack with the report
 * command's own buildReport. Every wait is bounded: a test fails with what it
 * saw rather than hang the suite.
 */

let f: ApiFixture;

before(async () => {
  f = await apiFixture();
});

after(async () => {
  await f.dispose();
});

/** Posts a report job as the reporter, which must be accepted (202), and waits for it to succeed. */
async function renderedReport(s: Server, payload: Record<string, unknown>): Promise<Job> {
  const res = await s.app.inject({ method: "POST", url: "/v1/reports", payload, headers: bearer(f.keys.reports) });
  assert.equal(res.statusCode, 202, res.body);
  const job = await settled(s, res.json().job.id, f.keys.reports, 100_000);
  assert.equal(job.state, "succeeded", job.error ?? `still ${job.state} after 100 s`);
  return job;
}

/** Resolves when `condition` holds, rejects naming `what` after `ms`. */
async function within(ms: number, what: string, condition: () => boolean): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test("a job finishes after the client that posted it has gone away", { timeout: 30_000 }, async () => {
  let started = false;
  let aborted = false;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const s = await fixtureServer(f, {
    report: async (o) => {
      started = true;
      o.signal.addEventListener("abort", () => (aborted = true));
      await gate;
      return { dir: o.out };
    },
  });
  try {
    await s.app.listen({ port: 0, host: "127.0.0.1" });
    const { port } = s.app.server.address() as { port: number };
    const body = JSON.stringify({ period: "1997-01", formats: ["html"] });
    // A raw socket: the client sends the request and is gone before reading a byte of the answer.
    const socket = connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    const closed = new Promise((r) => socket.once("close", r));
    socket.write(
      `POST /v1/reports HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${f.keys.reports}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await within(10_000, "the report job to start", () => started);
    socket.destroy();
    await closed;
    // The server has seen the client go (its connection count drops) before the job may finish.
    let connections = -1;
    const count = () => s.app.server.getConnections((_e, n) => (connections = n));
    await within(5_000, "the server to drop the connection", () => (count(), connections === 0));
    const [job] = s.context.jobs.list().filter((j) => j.kind === "report");
    assert.equal(job.state, "running");
    release();
    const done = await settled(s, job.id, f.keys.reports, 10_000);
    assert.equal(done.state, "succeeded", done.error ?? undefined);
    assert.deepEqual(done.result, { name: "1997-01", files: "/v1/reports/1997-01" });
    assert.equal(aborted, false, "the job's signal was aborted by the disconnect");
  } finally {
    release();
    await s.app.close();
  }
});

test(
  "a report job renders a month's pack with the real buildReport; GET /v1/reports lists it and serves its files",
  { timeout: 120_000 },
  async () => {
    const s = await fixtureServer(f);
    try {
      const job = await renderedReport(s, { period: "1997-01", formats: ["html"] });
      assert.deepEqual(job.result, { name: "1997-01", files: "/v1/reports/1997-01" });

      const list = (await s.app.inject({ url: "/v1/reports", headers: bearer(f.keys.read) })).json();
      const pack = list.reports.find((r: { name: string }) => r.name === "1997-01");
      assert.ok(pack, `1997-01 not listed: ${JSON.stringify(list)}`);
      assert.equal(pack.period, "1997-01");
      const files = pack.files.map((x: { name: string }) => x.name);
      assert.ok(files.includes("report.html") && files.includes("figures.json"), files.join(", "));
      assert.ok(!files.includes("report.pdf"), "html only was asked for");

      const html = await s.app.inject({ url: "/v1/reports/1997-01/report.html", headers: bearer(f.keys.read) });
      assert.equal(html.statusCode, 200);
      assert.equal(html.headers["content-type"], "text/html; charset=utf-8");
      assert.match(html.body, /1997-01|January 1997/);
      const figures = await s.app.inject({ url: "/v1/reports/1997-01/figures.json", headers: bearer(f.keys.read) });
      assert.equal(figures.statusCode, 200);
      assert.equal(figures.headers["content-type"], "application/json");
      const doc = figures.json();
      assert.equal(doc.period, "1997-01");
      assert.ok(doc.total_sales > 0 && doc.orders > 0, JSON.stringify({ sales: doc.total_sales, orders: doc.orders }));
      // One computation: the pack's headline is the one GET /v1/figures serves for that month.
      const api = (await s.app.inject({ url: "/v1/figures?period=1997-01", headers: bearer(f.keys.read) })).json();
      const headline = (d: Record<string, unknown>) => [d.total_sales, d.orders, d.active_customers, d.units];
      assert.deepEqual(headline(doc), headline(api));
    } finally {
      await s.app.close();
    }
  },
);

test(
  "a report job renders from the warehouse as it is, never loading it, even where the API's data folder is missing",
  { timeout: 120_000 },
  async () => {
    const s = await fixtureServer(f, { dataDir: join(f.dir, "no-such-data") });
    const db = await openDb(f.db);
    const loadedAt = async () => (await db.query<{ at: string }>("SELECT loaded_at AS at FROM load_source"))[0]?.at;
    try {
      const before = await loadedAt();
      await renderedReport(s, { period: "1997-02", formats: ["html"] });
      assert.equal(await loadedAt(), before, "the warehouse was not loaded again");
    } finally {
      await db.close();
      await s.app.close();
    }
  },
);

test(
  "while another process loads the embedded warehouse a request is a 503 to retry, and a report job waits for the load to end, saying so, then renders",
  { timeout: 120_000 },
  async () => {
    const s = await fixtureServer(f, { warehouseIdleMs: 100 });
    try {
      // The server lets go of the file it opened to get ready; then a load (another process) takes it.
      await new Promise((r) => setTimeout(r, 300));
      const load = await holdDuckDB(f.db.slice("duckdb:".length));
      let id: string;
      try {
        const busy = await s.app.inject({ url: "/v1/customers/20", headers: bearer(f.keys.read) });
        assert.equal(busy.statusCode, 503, busy.body);
        assert.equal(busy.headers["retry-after"], "10");
        assert.equal(busy.json().type, "urn:sales-insight:problem:warehouse-busy");
        assert.equal(busy.json().detail, "The warehouse is being loaded: try again shortly");
        const payload = { period: "1997", formats: ["html"] };
        const res = await s.app.inject({
          method: "POST",
          url: "/v1/reports",
          payload,
          headers: bearer(f.keys.reports),
        });
        assert.equal(res.statusCode, 202, res.body);
        id = res.json().job.id;
        let job: Job | undefined;
        for (let i = 0; i < 200 && !/a load is writing it/.test(job?.progress?.message ?? ""); i++) {
          job = (await s.app.inject({ url: `/v1/jobs/${id}`, headers: bearer(f.keys.reports) })).json() as Job;
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.equal(job?.state, "running", JSON.stringify(job));
        assert.match(job.progress!.message, /^waiting for the warehouse: a load is writing it \(try \d+\)$/);
      } finally {
        await load.release();
      }
      const done = await settled(s, id, f.keys.reports, 100_000);
      assert.equal(done.state, "succeeded", done.error ?? done.state);
      assert.deepEqual(done.result, { name: "1997", files: "/v1/reports/1997" });
    } finally {
      await s.app.close();
    }
  },
);

test("a report or training job for a period that cannot be one is refused at once (400, body.period), queueing nothing", async () => {
  const s = await fixtureServer(f);
  try {
    const jobs = () =>
      s.app.inject({ url: "/v1/jobs", headers: bearer(f.keys.admin) }) as Promise<{ json(): { jobs: Job[] } }>;
    const before = (await jobs()).json().jobs.length;
    for (const [url, key] of [
      ["/v1/reports", f.keys.reports],
      ["/v1/models/train", f.keys.admin],
    ] as const) {
      const res = await s.app.inject({ method: "POST", url, payload: { period: "1997-13" }, headers: bearer(key) });
      assert.equal(res.statusCode, 400, res.body);
      const problem = res.json();
      assert.equal(problem.type, "urn:sales-insight:problem:invalid-input");
      assert.match(problem.detail, /Unknown period "1997-13": expected all, a year \(1997\)/);
      assert.deepEqual(
        problem.errors.map((e: { field: string }) => e.field),
        ["body.period"],
      );
    }
    assert.equal((await jobs()).json().jobs.length, before);
  } finally {
    await s.app.close();
  }
});
