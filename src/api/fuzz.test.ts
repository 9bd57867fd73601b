import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { apiFixture, bearer, fixtureServer, type ApiFixture } from "./testing.js";
import type { Server } from "./server.js";

/**
 * A bounded property-based fuzz of every route: random JSON, valid bodies
 * with one part replaced or removed, random text as JSON, random path and
 * query values. No answer may be a 5xx, every error is a problem document,
 * and the server still answers afterwards. Report and scrape runners are
 * stand-ins here, so a fuzzed body that happens to be valid does not start a
 * real render or crawl.
 */

let f: ApiFixture;
let server: Server;

before(async () => {
  f = await apiFixture();
  server = await fixtureServer(f, {
    batchMax: 50,
    report: async (o) => ({ dir: o.out }),
    scrape: async (o) => ({ out: o.out, manifest: {} }),
  });
});
after(async () => {
  await server.app.close();
  await f.dispose();
});

const RUNS = Number(process.env.SALES_FUZZ_RUNS ?? 60);

const HISTORY = { as_of: "1997-02-12", orders: [{ date: "1996-08-01", sales: 1200 }] };
const VALID: Record<string, unknown[]> = {
  "POST /v1/segment": [
    { orders: [{ date: "1997-01-03", amount: 4200 }], category_sales: { Beverages: 10 } },
    { features: { orders: 3, sales: 900, recency_days: 10, tenure_days: 100, category_share: { Beverages: 0.5 } } },
    { customers: [{ orders: [] }, { features: { orders: 0, sales: 0 } }] },
  ],
  "POST /v1/predict": [
    HISTORY,
    { horizon_days: 90, customers: [HISTORY, { customer_id: 3, as_of: "1997-01-01", orders: [] }] },
  ],
  "POST /v1/scrape": [{ url: "http://127.0.0.1:9/", mode: "static", load: false }],
  "POST /v1/reports": [{ period: "1997-Q1", country: "Germany", formats: ["html"] }],
  "POST /v1/models/train": [{ period: "1850", activate: false }],
  "PUT /v1/models/active": [{ version: "nope" }],
};

/** A valid body with one value somewhere replaced by anything, or removed. */
function mutated(body: unknown): fc.Arbitrary<unknown> {
  const paths: (string | number)[][] = [];
  const walk = (x: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(x)) x.forEach((v, i) => walk(v, [...path, i]));
    else if (x && typeof x === "object") for (const [k, v] of Object.entries(x)) walk(v, [...path, k]);
  };
  walk(body, []);
  return fc
    .tuple(fc.constantFrom(...paths), fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.double(), fc.string()))
    .map(([path, value]) => {
      if (path.length === 0) return value;
      const copy = structuredClone(body) as Record<string | number, unknown>;
      let at = copy;
      for (const p of path.slice(0, -1)) at = at[p] as Record<string | number, unknown>;
      const last = path[path.length - 1];
      if (value === undefined) delete at[last];
      else at[last] = value;
      return copy;
    });
}

async function expectHandled(
  method: string,
  url: string,
  payload: string | undefined,
  contentType = "application/json",
): Promise<void> {
  const res = await server.app.inject({
    method: method as "GET",
    url,
    ...(payload !== undefined
      ? { payload, headers: { ...bearer(f.keys.admin), "content-type": contentType } }
      : { headers: bearer(f.keys.admin) }),
  });
  assert.ok(
    res.statusCode < 500,
    `${method} ${url} ${payload?.slice(0, 300)} → ${res.statusCode} ${res.body.slice(0, 300)}`,
  );
  if (res.statusCode >= 400) {
    assert.match(
      res.headers["content-type"] as string,
      /^application\/problem\+json/,
      `${method} ${url} → ${res.body.slice(0, 200)}`,
    );
    assert.doesNotMatch(res.body, /node_modules|\bat [\w.]+ \(|SELECT /);
  }
}

for (const [route, bodies] of Object.entries(VALID)) {
  const [method, url] = route.split(" ");
  test(`${route}: random and mutated bodies never get a 5xx`, async () => {
    const body = fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v)),
      fc.oneof(...bodies.map(mutated)).map((v) => JSON.stringify(v) ?? "null"),
      fc.string({ maxLength: 200 }),
    );
    await fc.assert(
      fc.asyncProperty(body, (b) => expectHandled(method, url, b)),
      { numRuns: RUNS, seed: 12 },
    );
  });
}

test("GET routes with random path and query values never get a 5xx", async () => {
  const text = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom("1", "20", "0", "-1", "99999999999", "1e3", "%00", "..", "all", "1997-Q5"),
  );
  const url = fc.oneof(
    text.map((t) => `/v1/customers/${encodeURIComponent(t)}`),
    text.map((t) => `/v1/jobs/${encodeURIComponent(t)}`),
    fc.tuple(text, text).map(([a, b]) => `/v1/reports/${encodeURIComponent(a)}/${encodeURIComponent(b)}`),
    fc
      .tuple(fc.constantFrom("period", "country", "category", "x"), text)
      .map(([k, v]) => `/v1/figures?${k}=${encodeURIComponent(v)}&period=1850`),
    fc.constantFrom("/v1/models", "/v1/reports", "/v1/jobs", "/healthz", "/readyz"),
  );
  await fc.assert(
    fc.asyncProperty(url, (u) => expectHandled("GET", u, undefined)),
    { numRuns: RUNS * 2, seed: 12 },
  );
});

test("after the fuzz the server still answers, and a valid request still works", async () => {
  assert.equal((await server.app.inject({ url: "/healthz" })).statusCode, 200);
  const res = await server.app.inject({
    method: "POST",
    url: "/v1/predict",
    payload: HISTORY,
    headers: bearer(f.keys.predict),
  });
  assert.equal(res.statusCode, 200, res.body);
});
