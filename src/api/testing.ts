import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "../db/connect.js";
import { loadWarehouse } from "../load/warehouse.js";
import { DATA_DIR } from "../load/testing.js";
import type { Job } from "./jobs.js";
import { KeyStore, type Scope } from "./keys.js";
import { ModelStore } from "./models.js";
import { buildServer, type Server, type ServerOptions } from "./server.js";

/**
 * Test helpers: the extract loaded into a temp DuckDB warehouse, a model
 * version trained on it by the API's own training code, and one key per
 * scope. Everything lives in one temp folder that `dispose` removes.
 */

export interface ApiFixture {
  dir: string;
  db: string;
  modelsDir: string;
  stateDir: string;
  reportsDir: string;
  version: string;
  keys: Record<"admin" | "read" | "predict" | "scrape" | "reports" | "limited", string>;
  options(extra?: Partial<ServerOptions>): ServerOptions;
  dispose(): Promise<void>;
}

export async function apiFixture(): Promise<ApiFixture> {
  const dir = await mkdtemp(join(tmpdir(), "sales-api-"));
  const db = `duckdb:${join(dir, "warehouse.duckdb")}`;
  const modelsDir = join(dir, "models");
  const stateDir = join(dir, "state");
  const reportsDir = join(dir, "reports");
  const conn = await connect(db);
  let version: string;
  try {
    await loadWarehouse(conn, { dataDir: DATA_DIR });
    const store = new ModelStore(modelsDir);
    version = await store.train(conn, { period: "all", dataDir: DATA_DIR });
    await store.activate(version);
  } finally {
    await conn.close();
  }
  const store = new KeyStore(join(stateDir, "api-keys.json"));
  const make = async (name: string, scopes: Scope[], rate?: number) => (await store.create(name, scopes, rate)).key;
  const keys = {
    admin: await make("admin", ["admin"]),
    read: await make("reader", ["read"]),
    predict: await make("crm", ["predict"]),
    scrape: await make("scraper", ["scrape", "read"]),
    reports: await make("reporter", ["reports", "read"]),
    limited: await make("limited", ["predict", "read"], 3),
  };
  return {
    dir,
    db,
    modelsDir,
    stateDir,
    reportsDir,
    version,
    keys,
    // Load shedding is off unless a test turns it on: training in the same process holds the loop on a busy machine.
    // Scrapes may reach this machine, where the tests run the replica of the data site.
    options: (extra = {}) => ({
      db,
      modelsDir,
      stateDir,
      reportsDir,
      dataDir: DATA_DIR,
      logger: false,
      maxEventLoopDelay: 0,
      scrapeAllowHosts: ["127.0.0.1"],
      ...extra,
    }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Builds and readies a server on the fixture (not listening: use inject, or listen on port 0). */
export async function fixtureServer(fixture: ApiFixture, extra: Partial<ServerOptions> = {}): Promise<Server> {
  const server = await buildServer(fixture.options(extra));
  await server.app.ready();
  return server;
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Polls the job until it leaves queued and running, at most `ms`; returns its last state. */
export async function settled(s: Server, id: string, key: string, ms: number): Promise<Job> {
  const until = Date.now() + ms;
  for (;;) {
    const job = (await s.app.inject({ url: `/v1/jobs/${id}`, headers: bearer(key) })).json() as Job;
    if (!["queued", "running"].includes(job.state) || Date.now() > until) return job;
    await new Promise((r) => setTimeout(r, 100));
  }
}
