import assert from "node:assert/strict";
import { readFile, writeFile, mkdir, cp } from "node:fs/promises";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { predictCustomerSales } from "../model/prediction/predict.js";
import { readPredictionModel } from "../model/prediction/saved.js";
import { loadSegmentationModel, segmentCustomer } from "../model/segmentation/model.js";
import { stageProgress, type Server } from "./server.js";
import { OpenApiChecker } from "./openapi-check.js";
import { scrapeSite } from "../scrape/index.js";
import { startReplica } from "../scrape/replica/server.js";
import { apiFixture, bearer, fixtureServer, settled, type ApiFixture } from "./testing.js";
import { extractLessLastLine, loadByCommand } from "../load/testing.js";
import { holdDuckDB } from "../db/testing.js";

let f: ApiFixture;
let server: Server;
let spec: OpenApiChecker;

/** Every response a test sees is checked against the OpenAPI document. */
async function call(options: InjectOptions, app = server.app): Promise<LightMyRequestResponse> {
  const res = await app.inject(options);
  if (!String(options.url).startsWith("/docs") && options.url !== "/metrics" && options.url !== "/openapi.json") {
    spec.check(
      options.method ?? "GET",
      String(options.url),
      res.statusCode,
      res.headers["content-type"] as string,
      res.body,
    );
  }
  return res;
}

const post = (url: string, payload: unknown, key = f.keys.admin) =>
  call({ method: "POST", url, payload: payload as object, headers: bearer(key) });
const get = (url: string, key = f.keys.admin) => call({ method: "GET", url, headers: bearer(key) });

before(async () => {
  f = await apiFixture();
  server = await fixtureServer(f);
  spec = new OpenApiChecker((await server.app.inject({ url: "/openapi.json" })).json());
});
after(async () => {
  await server.app.close();
  await f.dispose();
});

const HISTORY = {
  as_of: "1997-02-12",
  orders: [
    { date: "1996-08-01", sales: 1200 },
    { date: "1997-01-20", sales: 800.5 },
  ],
};

describe("the models, as a service", () => {
  test("POST /v1/segment answers exactly what segmentCustomer answers, one customer or a batch", async () => {
    const model = loadSegmentationModel(join(f.modelsDir, f.version, "segmentation.json"));
    const inputs = [
      {
        orders: [
          { date: "1997-01-03", amount: 4200 },
          { date: "1996-09-10", amount: 1800 },
        ],
        category_sales: { Beverages: 3000, "Dairy Products": 3000 },
      },
      { features: { orders: 12, sales: 40000, recency_days: 4, tenure_days: 200 } },
      { orders: [] },
    ];
    for (const input of inputs) {
      const res = await post("/v1/segment", input, f.keys.predict);
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual(res.json().result, JSON.parse(JSON.stringify(segmentCustomer(input, model))));
      assert.equal(res.json().model.version, f.version);
    }
    const batch = await post("/v1/segment", { customers: inputs }, f.keys.predict);
    assert.equal(batch.json().count, 3);
    assert.deepEqual(batch.json().results, JSON.parse(JSON.stringify(inputs.map((i) => segmentCustomer(i, model)))));
  });

  test("POST /v1/predict answers exactly what predictCustomerSales answers, with the model's backtest accuracy", async () => {
    const model = await readPredictionModel(join(f.modelsDir, f.version, "prediction.json"));
    const one = await post("/v1/predict", { ...HISTORY, customer_id: "C-1" }, f.keys.predict);
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(one.json().result, predictCustomerSales({ ...HISTORY, customer_id: "C-1" }, 90, model));
    assert.equal(one.json().model.horizon_days, 90);
    assert.equal(one.json().model.accuracy.window.days, 90);
    assert.equal(one.json().model.accuracy.customers_scored, 54);
    assert.match(one.json().model.accuracy.verdict, /too little data/);
    const customers = [HISTORY, { customer_id: 7, as_of: "1997-02-12", orders: [] }];
    const batch = await post("/v1/predict", { horizon_days: 90, customers }, f.keys.predict);
    assert.deepEqual(batch.json().results, predictCustomerSales(customers, 90, model));
  });

  test("GET /v1/customers/20 shows Ernst Handel's figures and the segment the warehouse's segmentation gives him", async () => {
    const res = await get("/v1/customers/20", f.keys.read);
    assert.equal(res.statusCode, 200, res.body);
    const c = res.json();
    assert.equal(c.customer.name, "Ernst Handel");
    assert.equal(c.figures.sales, 35631.21);
    assert.equal(c.figures.orders, 10);
    const figures = (await get("/v1/figures", f.keys.read)).json();
    const table = figures.segments_section.tables.find((t: { id: string }) => t.id === "segment-customers");
    const row = table.rows.find((r: { customer: string }) => r.customer === "Ernst Handel");
    assert.equal(c.segment.segment, row.segment);
    assert.equal(c.segment.rfm.code, row.rfm);
    assert.equal(`Cluster ${c.segment.cluster.id}`, row.cluster);
    assert.equal(c.segment.segment, "Champions");
    assert.ok(c.prediction.probability > 0.5 && c.prediction.probability < 1);
  });

  test("GET /v1/figures is the document npm run analyse writes: the extract's totals and top customer", async () => {
    const res = await get("/v1/figures?period=all", f.keys.read);
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.equal(doc.total_sales, 386424.23);
    assert.equal(doc.orders, 196);
    assert.deepEqual(Object.keys(doc).slice(0, 3), ["period", "range", "filters"]);
    for (const key of [
      "overview",
      "customers",
      "locations",
      "products",
      "employees",
      "segments",
      "segmentation",
      "prediction",
    ])
      assert.ok(key in doc, key);
    const germany = (await get("/v1/figures?period=1997&country=Germany", f.keys.read)).json();
    assert.deepEqual(germany.filters, { country: "Germany" });
    assert.ok(germany.total_sales < doc.total_sales);
  });

  test("GET /v1/models lists the versions with their backtests, one active", async () => {
    const res = await get("/v1/models", f.keys.read);
    assert.equal(res.json().active, f.version);
    const [v] = res.json().versions;
    assert.equal(v.active, true);
    assert.equal(v.prediction.accuracy.trust, "low");
    assert.equal(v.segmentation.reference_date, "1997-02-28");
  });
});

describe("bad input gets a 400 problem naming the field", () => {
  const problem = (res: LightMyRequestResponse, field: RegExp) => {
    assert.equal(res.statusCode, 400, res.body);
    assert.match(res.headers["content-type"] as string, /^application\/problem\+json/);
    const body = res.json();
    assert.ok(
      body.errors.some((e: { field: string }) => field.test(e.field)),
      JSON.stringify(body.errors),
    );
    assert.doesNotMatch(res.body, /\bat \/|node_modules|SELECT /);
  };
  test("malformed JSON", async () => {
    const res = await call({
      method: "POST",
      url: "/v1/predict",
      payload: '{"as_of": "1997-',
      headers: { ...bearer(f.keys.predict), "content-type": "application/json" },
    });
    problem(res, /^body$/);
  });
  test("wrong types", async () =>
    problem(
      await post("/v1/predict", { as_of: "1997-02-12", orders: [{ date: "1997-01-01", sales: "12" }] }, f.keys.predict),
      /^body\.orders\[0\]\.sales$/,
    ));
  test("a horizon the classifier was not trained for is answered by BG/NBD, which says so", async () => {
    const res = await post("/v1/predict", { ...HISTORY, horizon_days: 30 }, f.keys.predict);
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().result.answered_by, "bgnbd");
    assert.ok(res.json().result.expected_orders > 0);
  });
  test("a negative horizon", async () =>
    problem(await post("/v1/predict", { ...HISTORY, horizon_days: -30 }, f.keys.predict), /^body\.horizon_days$/));

  test("a history with dates after as_of (the future)", async () => {
    problem(
      await post("/v1/predict", { as_of: "1997-02-12", orders: [{ date: "2031-01-01", sales: 5 }] }, f.keys.predict),
      /^body\.orders\[0\]\.date$/,
    );
    problem(
      await post("/v1/segment", { orders: [{ date: "2031-01-01", amount: 5 }] }, f.keys.predict),
      /^body\.orders\[0\]\.date$/,
    );
    problem(
      await post(
        "/v1/predict",
        { customers: [HISTORY, { as_of: "1997-02-12", orders: [{ date: "1999-01-01", sales: 5 }] }] },
        f.keys.predict,
      ),
      /^body\.customers\[1\]\.orders\[0\]\.date$/,
    );
  });
  test("an impossible calendar date", async () =>
    problem(
      await post("/v1/segment", { orders: [{ date: "1997-02-30", amount: 5 }] }, f.keys.predict),
      /^body\.orders\[0\]\.date$/,
    ));
  test("an empty batch", async () =>
    problem(await post("/v1/segment", { customers: [] }, f.keys.predict), /^body\.customers$/));
  test("a batch over the limit", async () => {
    const small = await fixtureServer(f, { batchMax: 5 });
    try {
      const res = await small.app.inject({
        method: "POST",
        url: "/v1/predict",
        payload: { customers: Array(6).fill(HISTORY) },
        headers: bearer(f.keys.predict),
      });
      problem(res, /^body\.customers$/);
      assert.match(res.json().detail, /must NOT have more than 5 items/);
    } finally {
      await small.app.close();
    }
  });
  test("an unknown property", async () =>
    problem(await post("/v1/predict", { ...HISTORY, horizon: 90 }, f.keys.predict), /^body\.horizon$/));
  test("an unknown customer is a 404, a malformed id a 400", async () => {
    const res = await get("/v1/customers/99999", f.keys.read);
    assert.equal(res.statusCode, 404);
    assert.match(res.json().detail, /No customer with customer_id 99999/);
    problem(await get("/v1/customers/abc", f.keys.read), /^params\.id$/);
  });
  test("an unknown period", async () => problem(await get("/v1/figures?period=1850", f.keys.read), /^query\.period$/));
  test("a huge body is a 413", async () => {
    const res = await call({
      method: "POST",
      url: "/v1/segment",
      payload: `{"orders":[${'{"date":"1997-01-01","amount":1},'.repeat(1_100_000)}]}`,
      headers: { ...bearer(f.keys.predict), "content-type": "application/json" },
    });
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().status, 413);
  });
  test("a wrong content type is a 415", async () => {
    const res = await call({
      method: "POST",
      url: "/v1/segment",
      payload: "orders=1",
      headers: { ...bearer(f.keys.predict), "content-type": "application/x-www-form-urlencoded" },
    });
    assert.equal(res.statusCode, 415);
    assert.equal(res.json().errors[0].field, "header.content-type");
  });
});

describe("keys, scopes and limits", () => {
  test("no key is a 401 with WWW-Authenticate; an unknown or revoked key too", async () => {
    const none = await call({ method: "POST", url: "/v1/segment", payload: { orders: [] } });
    assert.equal(none.statusCode, 401);
    assert.match(none.headers["www-authenticate"] as string, /^Bearer/);
    const forged = f.keys.admin.slice(0, -4) + "AAAA";
    assert.equal((await call({ method: "GET", url: "/v1/models", headers: bearer(forged) })).statusCode, 401);
    assert.equal(
      (await call({ method: "GET", url: "/v1/models", headers: { "x-api-key": f.keys.read } })).statusCode,
      200,
    );
  });
  test("a key without the route's scope is a 403 naming the scope; admin holds every scope", async () => {
    const res = await post("/v1/segment", { orders: [] }, f.keys.read);
    assert.equal(res.statusCode, 403);
    assert.match(res.json().detail, /"predict" scope/);
    assert.equal((await post("/v1/models/train", {}, f.keys.predict)).statusCode, 403);
    assert.equal((await post("/v1/segment", { orders: [] }, f.keys.admin)).statusCode, 200);
  });
  test("over its rate limit a key gets 429 with Retry-After, other keys do not", async () => {
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 4; i++) last = await post("/v1/segment", { orders: [] }, f.keys.limited);
    assert.equal(last!.statusCode, 429);
    assert.ok(Number(last!.headers["retry-after"]) > 0, JSON.stringify(last!.headers));
    assert.equal(last!.json().type, "urn:sales-insight:problem:rate-limited");
    assert.equal((await post("/v1/segment", { orders: [] }, f.keys.predict)).statusCode, 200);
  });
  test("the public routes need no key: health, readiness, metrics, OpenAPI, docs", async () => {
    assert.deepEqual((await call({ url: "/healthz" })).json(), { status: "ok" });
    assert.equal((await call({ url: "/readyz" })).json().status, "ready");
    const metrics = await call({ url: "/metrics" });
    assert.match(metrics.body, /http_request_duration_seconds/);
    assert.match(metrics.body, /sales_api_model_active\{version="/);
    const doc = (await call({ url: "/openapi.json" })).json();
    assert.equal(doc.openapi, "3.1.0");
    const docs = await call({ url: "/docs/static/index.html" });
    assert.ok(docs.statusCode < 400);
    // Swagger UI comes from the package, not a CDN.
    assert.doesNotMatch((await call({ url: "/docs" })).body, /unpkg|jsdelivr|cdnjs/);
  });
  test("unknown routes are 404 problems; responses carry the request id; CORS is off by default", async () => {
    const res = await server.app.inject({
      url: "/v1/nothing",
      headers: { origin: "https://evil.example", ...bearer(f.keys.read) },
    });
    assert.equal(res.statusCode, 404);
    assert.equal(res.headers["x-request-id"], res.json().request_id);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
  });
  test("CORS answers only the origins listed", async () => {
    const s = await fixtureServer(f, { corsOrigins: ["https://crm.example"] });
    try {
      const ok = await s.app.inject({
        method: "OPTIONS",
        url: "/v1/segment",
        headers: { origin: "https://crm.example", "access-control-request-method": "POST" },
      });
      assert.equal(ok.headers["access-control-allow-origin"], "https://crm.example");
      const no = await s.app.inject({
        method: "OPTIONS",
        url: "/v1/segment",
        headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
      });
      assert.notEqual(no.headers["access-control-allow-origin"], "https://evil.example");
    } finally {
      await s.app.close();
    }
  });
});

describe("jobs", () => {
  const waitFor = async (id: string, key = f.keys.admin) => {
    for (let i = 0; i < 600; i++) {
      const job = (await get(`/v1/jobs/${id}`, key)).json();
      if (!["queued", "running"].includes(job.state)) return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`job ${id} did not finish`);
  };

  test("a train job makes a new version active without a restart and without a failed request", async () => {
    const res = await post("/v1/models/train", { period: "all" });
    assert.equal(res.statusCode, 202);
    assert.equal(res.headers.location, `/v1/jobs/${res.json().job.id}`);
    const statuses = new Set<number>();
    let done = false;
    const job = waitFor(res.json().job.id).finally(() => (done = true));
    while (!done) {
      statuses.add((await post("/v1/predict", HISTORY, f.keys.predict)).statusCode);
      await new Promise((r) => setTimeout(r, 20));
    }
    const finished = await job;
    assert.equal(finished.state, "succeeded", finished.error);
    assert.deepEqual([...statuses], [200]);
    const models = (await get("/v1/models", f.keys.read)).json();
    assert.equal(models.active, finished.result.version);
    assert.equal(models.versions.length, 2);
    assert.equal((await post("/v1/predict", HISTORY, f.keys.predict)).json().model.version, finished.result.version);
    // Roll back to the first version.
    const back = await call({
      method: "PUT",
      url: "/v1/models/active",
      payload: { version: f.version },
      headers: bearer(f.keys.admin),
    });
    assert.equal(back.json().active, f.version);
    assert.equal(
      (
        await call({
          method: "PUT",
          url: "/v1/models/active",
          payload: { version: "nope" },
          headers: bearer(f.keys.admin),
        })
      ).statusCode,
      404,
    );
  });

  test("a train job on a period the data does not hold fails with the reason", async () => {
    const res = await post("/v1/models/train", { period: "1850" });
    const job = await waitFor(res.json().job.id);
    assert.equal(job.state, "failed");
    assert.match(job.error, /1850/);
  });

  test("one scrape runs at a time, and the same scrape asked for again while under way is a 409", async () => {
    const calls: string[] = [];
    const releases: (() => void)[] = [];
    const s = await fixtureServer(f, {
      scrape: async (o) => {
        calls.push(o.url);
        o.onProgress?.({ message: "reading customers", table: "customers", rows: 91 });
        await new Promise<void>((r) => releases.push(r));
        return { out: o.out, manifest: { tables: 7 } };
      },
    });
    try {
      const ask = (url: string) =>
        s.app.inject({ method: "POST", url: "/v1/scrape", payload: { url }, headers: bearer(f.keys.scrape) });
      const a = await ask("http://127.0.0.1:9/a");
      const b = await ask("http://127.0.0.1:9/b");
      assert.equal(a.statusCode, 202, a.body);
      assert.equal(b.statusCode, 202);
      assert.equal((await ask("http://127.0.0.1:9/b")).statusCode, 409);
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(calls, ["http://127.0.0.1:9/a"]);
      const jobA = (await s.app.inject({ url: `/v1/jobs/${a.json().job.id}`, headers: bearer(f.keys.scrape) })).json();
      assert.equal(jobA.state, "running");
      assert.deepEqual(jobA.progress, { message: "reading customers", table: "customers", rows: 91 });
      assert.equal(
        (await s.app.inject({ url: `/v1/jobs/${b.json().job.id}`, headers: bearer(f.keys.scrape) })).json().state,
        "queued",
      );
      releases.shift()!();
      await new Promise((r) => setTimeout(r, 50));
      assert.deepEqual(calls, ["http://127.0.0.1:9/a", "http://127.0.0.1:9/b"]);
      releases.shift()!();
      await new Promise((r) => setTimeout(r, 50));
      const done = (await s.app.inject({ url: `/v1/jobs/${b.json().job.id}`, headers: bearer(f.keys.scrape) })).json();
      assert.equal(done.state, "succeeded");
      assert.deepEqual(done.result.manifest, { tables: 7 });
    } finally {
      await s.app.close();
    }
  });

  test("a scrape job reads the replica of the data site with the real scraper and reports its manifest", async () => {
    const replica = await startReplica();
    const s = await fixtureServer(f, { scrape: (o) => scrapeSite({ ...o, rateLimitMs: 0 }) });
    try {
      const res = await s.app.inject({
        method: "POST",
        url: "/v1/scrape",
        payload: { url: replica.staticUrl, mode: "static" },
        headers: bearer(f.keys.scrape),
      });
      assert.equal(res.statusCode, 202, res.body);
      const job = await settled(s, res.json().job.id, f.keys.scrape, 60_000);
      assert.equal(job.state, "succeeded", job.error ?? job.state);
      const { manifest } = job.result as { manifest: { files: { table: string; rows: number }[] } };
      const rows = Object.fromEntries(manifest.files.map((x) => [x.table, x.rows]));
      assert.equal(rows.Orders, 196);
      assert.equal(rows.OrderDetails, 518);
    } finally {
      await s.app.close();
      await replica.close();
    }
  });

  test("a scrape of a host the operator did not allow is a 400 naming the field, before any request", async () => {
    const s = await fixtureServer(f, { scrapeAllowHosts: [] });
    try {
      const res = await s.app.inject({
        method: "POST",
        url: "/v1/scrape",
        payload: { url: "http://169.254.169.254/latest/" },
        headers: bearer(f.keys.scrape),
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].field, "body.url");
      assert.match(res.json().detail, /169\.254\.169\.254 is not one the operator allows \(www\.w3schools\.com/);
    } finally {
      await s.app.close();
    }
  });

  test("a restart marks jobs left queued or running as failed, with the reason", async () => {
    const state = join(f.dir, "restart-state");
    await mkdir(state, { recursive: true });
    await cp(join(f.stateDir, "api-keys.json"), join(state, "api-keys.json"));
    const running = {
      id: "11111111-1111-4111-8111-111111111111",
      kind: "report",
      state: "running",
      params: {},
      created_at: "2026-01-01T00:00:00Z",
      started_at: "2026-01-01T00:00:01Z",
      finished_at: null,
      progress: null,
      result: null,
      error: null,
      key: "admin",
    };
    await writeFile(join(state, "jobs.json"), JSON.stringify({ jobs: [running] }));
    const s = await fixtureServer(f, { stateDir: state });
    try {
      const res = await s.app.inject({ url: `/v1/jobs/${running.id}`, headers: bearer(f.keys.read) });
      const job = res.json();
      assert.equal(job.state, "failed", res.body);
      assert.match(job.error, /server stopped before the job finished/);
      assert.equal(JSON.parse(await readFile(join(state, "jobs.json"), "utf8")).jobs[0].state, "failed");
    } finally {
      await s.app.close();
    }
  });

  test("a report job renders through the injected runner; GET /v1/reports lists packs and serves their files", async () => {
    await cp("reports/example", join(f.reportsDir, "example"), { recursive: true });
    const s = await fixtureServer(f, {
      report: async (o) => {
        o.onProgress("analyse done");
        await mkdir(o.out, { recursive: true });
        await writeFile(join(o.out, "report.html"), "<html>pack</html>");
        return { dir: o.out };
      },
    });
    try {
      const res = await s.app.inject({
        method: "POST",
        url: "/v1/reports",
        payload: { period: "1997-Q1", formats: ["html"] },
        headers: bearer(f.keys.reports),
      });
      assert.equal(res.statusCode, 202, res.body);
      await new Promise((r) => setTimeout(r, 100));
      const job = (
        await s.app.inject({ url: `/v1/jobs/${res.json().job.id}`, headers: bearer(f.keys.reports) })
      ).json();
      assert.equal(job.state, "succeeded", job.error);
      assert.equal(job.result.name, "1997-q1");
      const list = (await s.app.inject({ url: "/v1/reports", headers: bearer(f.keys.read) })).json();
      assert.deepEqual(
        list.reports.map((r: { name: string }) => r.name),
        ["1997-q1", "example"],
      );
      const pdf = await s.app.inject({ url: "/v1/reports/example/report.pdf", headers: bearer(f.keys.read) });
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.headers["content-type"], "application/pdf");
      assert.equal(pdf.rawPayload.subarray(0, 5).toString(), "%PDF-");
      const html = await s.app.inject({ url: "/v1/reports/example/report.html", headers: bearer(f.keys.read) });
      assert.match(html.body, /Ernst Handel/);
      assert.equal(
        (await s.app.inject({ url: "/v1/reports/example/figures.json", headers: bearer(f.keys.read) })).statusCode,
        404,
      );
      assert.equal(
        (await s.app.inject({ url: "/v1/reports/..%2Fetc/report.pdf", headers: bearer(f.keys.read) })).statusCode,
        400,
      );
      assert.equal(
        (await s.app.inject({ url: "/v1/reports/1997-q1/report.pdf", headers: bearer(f.keys.read) })).statusCode,
        404,
      );
    } finally {
      await s.app.close();
    }
  });
});

test("under pressure (event loop held up) the server sheds requests with a 503 problem and Retry-After", async () => {
  const s = await fixtureServer(f, { maxEventLoopDelay: 1, pressureSampleMs: 5 });
  try {
    // The sampler may read a calm moment on a busy machine: hold the loop again, a bounded number of times.
    let res;
    for (let attempt = 0; attempt < 10; attempt++) {
      const until = performance.now() + 200;
      while (performance.now() < until); // hold the event loop, as a runaway request would
      await new Promise((r) => setTimeout(r, 30));
      res = await s.app.inject({
        method: "POST",
        url: "/v1/segment",
        payload: { orders: [] },
        headers: bearer(f.keys.predict),
      });
      if (res.statusCode === 503) break;
    }
    assert.ok(res);
    assert.equal(res.statusCode, 503, res.body);
    assert.equal(res.json().type, "urn:sales-insight:problem:overloaded");
    assert.equal(res.headers["retry-after"], "10");
  } finally {
    await s.app.close();
  }
});

test("with no model trained, the model routes answer 503 with Retry-After and readiness says why", async () => {
  const s = await fixtureServer(f, { modelsDir: join(f.dir, "no-models") });
  try {
    const res = await s.app.inject({
      method: "POST",
      url: "/v1/predict",
      payload: HISTORY,
      headers: bearer(f.keys.predict),
    });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers["retry-after"], "30");
    const ready = await s.app.inject({ url: "/readyz" });
    assert.equal(ready.statusCode, 503);
    assert.equal(ready.json().checks.models, "no model trained yet");
  } finally {
    await s.app.close();
  }
});

test("a report job's progress names the stage, and while the analyse stage runs, the analysis it began", () => {
  const line = (state: "start" | "step" | "done" | "failed", detail?: string) =>
    stageProgress({ stage: "analyse", period: "1997", state, ...(detail ? { detail } : {}) });
  assert.equal(line("start"), "1997: analyse …");
  assert.equal(line("step", "Customer sales prediction (9/9)"), "1997: analyse: Customer sales prediction (9/9)…");
  assert.equal(line("done"), "1997: analyse done");
  assert.equal(line("failed"), "1997: analyse failed");
});

test(
  "GET /v1/figures keeps a document only while the warehouse holds the load it came from: a reload is seen at once",
  {
    timeout: 120_000,
  },
  async () => {
    const g = await apiFixture();
    const s = await fixtureServer(g, { warehouseIdleMs: 100 });
    const extract = extractLessLastLine();
    try {
      const sales = async () =>
        (await s.app.inject({ url: "/v1/figures?period=1997", headers: bearer(g.keys.read) })).json()
          .total_sales as number;
      const before = await sales();
      assert.equal(await sales(), before);
      // The extract less its last order line, reloaded by the warehouse command while the API idles.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const load = loadByCommand(extract.dir, g.db);
      assert.equal(load.status, 0, load.stderr);
      assert.equal(Math.round((before - (await sales())) * 100) / 100, 547.2);
    } finally {
      await s.app.close();
      await g.dispose();
      extract.dispose();
    }
  },
);

/** Posts a scrape job of the replica with `load: true`, which must be accepted (202), and waits for its end. */
async function scrapedAndLoaded(s: Server, g: ApiFixture, url: string) {
  const res = await s.app.inject({
    method: "POST",
    url: "/v1/scrape",
    payload: { url, mode: "static", load: true },
    headers: bearer(g.keys.scrape),
  });
  assert.equal(res.statusCode, 202, res.body);
  return settled(s, res.json().job.id, g.keys.scrape, 60_000);
}

test(
  "a scrape job's load in the server's own process holds the warehouse alone: the next answers are the loaded data's",
  {
    timeout: 120_000,
  },
  async () => {
    const g = await apiFixture();
    const extract = extractLessLastLine();
    const replica = await startReplica({ dataDir: extract.dir });
    const s = await fixtureServer(g, { scrape: (o) => scrapeSite({ ...o, rateLimitMs: 0 }) });
    try {
      const sales = async () =>
        (await s.app.inject({ url: "/v1/figures?period=1997", headers: bearer(g.keys.read) })).json()
          .total_sales as number;
      // The server's connection is open and its figures kept when the load comes.
      const before = await sales();
      const job = await scrapedAndLoaded(s, g, replica.staticUrl);
      assert.equal(job.state, "succeeded", job.error ?? job.state);
      assert.match(job.progress?.message ?? "", /^loaded duckdb:.*order_details 517$/);
      assert.equal(Math.round((before - (await sales())) * 100) / 100, 547.2);
    } finally {
      await s.app.close();
      await replica.close();
      await g.dispose();
      extract.dispose();
    }
  },
);

test(
  "a scrape job whose load finds the warehouse open in another process fails saying where the scrape is and how to load it, naming no process",
  {
    timeout: 120_000,
  },
  async () => {
    const g = await apiFixture();
    const replica = await startReplica();
    const s = await fixtureServer(g, { scrape: (o) => scrapeSite({ ...o, rateLimitMs: 0 }) });
    const notebook = await holdDuckDB(g.db.slice("duckdb:".length), { readOnly: true });
    try {
      const job = await scrapedAndLoaded(s, g, replica.staticUrl);
      assert.equal(job.state, "failed");
      assert.match(
        job.error ?? "",
        /^The scrape is saved in (\S+), but the warehouse is open in another process \(a notebook or a command\), so it was not loaded: load it once that process has let go \(npm run warehouse -- --data \1\)$/,
      );
      assert.ok(!job.error!.includes(String(notebook.process.pid)), job.error!);
    } finally {
      await notebook.release();
      await s.app.close();
      await replica.close();
      await g.dispose();
    }
  },
);
