import assert from "node:assert/strict";
import { cp } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { scrapeSite } from "../scrape/index.js";
import { startReplica, type Replica } from "../scrape/replica/server.js";
import { apiFixture, fixtureServer, type ApiFixture } from "./testing.js";
import type { Server } from "./server.js";

/**
 * The Postman collection (postman/), run by Newman against a real server on
 * a free port over the extract: every assertion in the collection must hold.
 */

const require = createRequire(import.meta.url);
const newman = require("newman") as {
  run(options: object, callback: (error: Error | null, summary: NewmanSummary) => void): void;
};

interface NewmanSummary {
  run: {
    stats: { requests: { total: number }; assertions: { total: number; failed: number } };
    failures: { error: { name: string; message: string; test?: string }; source?: { name?: string } }[];
  };
}

const POSTMAN = fileURLToPath(new URL("../../postman/", import.meta.url));
const BATCH_MAX = 1000;
const BODY_LIMIT_MIB = 1;

let f: ApiFixture;
let server: Server;
let baseUrl: string;
let replica: Replica;

before(async () => {
  f = await apiFixture();
  replica = await startReplica();
  await cp(fileURLToPath(new URL("../../reports/example", import.meta.url)), join(f.reportsDir, "example"), {
    recursive: true,
  });
  // The real scraper against the local replica of the data site, unpaced so the job ends with the run.
  server = await fixtureServer(f, {
    batchMax: BATCH_MAX,
    bodyLimit: BODY_LIMIT_MIB * 1024 * 1024,
    scrape: (o) => scrapeSite({ ...o, rateLimitMs: 0 }),
  });
  baseUrl = await server.app.listen({ port: 0, host: "127.0.0.1" });
});
after(async () => {
  await server.app.close();
  await replica.close();
  await f.dispose();
});

test("the Postman collection passes against a server over the extract (Newman)", async () => {
  const summary = await new Promise<NewmanSummary>((resolve, reject) =>
    newman.run(
      {
        collection: join(POSTMAN, "sales-insight.postman_collection.json"),
        environment: join(POSTMAN, "sales-insight.postman_environment.json"),
        envVar: [
          { key: "baseUrl", value: baseUrl },
          { key: "adminKey", value: f.keys.admin },
          { key: "readKey", value: f.keys.read },
          { key: "predictKey", value: f.keys.predict },
          { key: "scrapeKey", value: f.keys.scrape },
          { key: "reportsKey", value: f.keys.reports },
          { key: "limitedKey", value: f.keys.limited },
          { key: "batchMax", value: String(BATCH_MAX) },
          { key: "scrapeUrl", value: replica.staticUrl },
          { key: "bodyLimitMiB", value: String(BODY_LIMIT_MIB) },
        ],
        reporters: [],
        timeoutRequest: 60_000,
      },
      (error, s) => (error ? reject(error) : resolve(s)),
    ),
  );
  const failures = summary.run.failures.map(
    (x) => `${x.source?.name ?? "?"}: ${x.error.test ?? x.error.name}: ${x.error.message}`,
  );
  assert.deepEqual(failures, []);
  assert.ok(summary.run.stats.requests.total >= 37, `ran ${summary.run.stats.requests.total} requests`);
  assert.ok(summary.run.stats.assertions.total >= 100, `checked ${summary.run.stats.assertions.total} assertions`);
});
