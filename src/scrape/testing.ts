import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "puppeteer-core";
import { connect } from "../db/connect.js";
import type { Database } from "../db/adapter.js";
import { loadWarehouse } from "../load/warehouse.js";
import { launchBrowser } from "./browser.js";
import { scrapeSite, type ScrapeOptions } from "./index.js";

/**
 * Test helpers: scratch folders, one Chromium shared by a file's browser
 * tests, and scrapes of a replica with the pacing turned down (the replica is
 * on this machine; the real site keeps the polite defaults).
 */

export function scratch(prefix = "scrape-"): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

let shared: Promise<Browser> | undefined;

/** One Chromium for every browser test of a file; `closeSharedBrowser` in `after`. */
export function sharedBrowser(): Promise<Browser> {
  return (shared ??= launchBrowser());
}

export async function closeSharedBrowser(): Promise<void> {
  if (shared) await (await shared).close();
  shared = undefined;
}

/** The replica's settings: its loopback host allowed, no pauses between requests, short backoff. */
const REPLICA_LIMITS = { allowHosts: ["127.0.0.1"], rateLimitMs: 0, backoffMs: 10, timeoutMs: 20_000 };

export function scrapeReplica(options: Omit<ScrapeOptions, "allowHosts"> & { allowHosts?: string[] }) {
  return scrapeSite({ ...REPLICA_LIMITS, ...options });
}

/** A DuckDB warehouse file in `dir`, loaded from `dataDir` when given. */
export async function warehouseIn(dir: string, name: string, dataDir?: string): Promise<{ url: string; db: Database }> {
  const url = `duckdb:${join(dir, `${name}.duckdb`)}`;
  const db = await connect(url);
  if (dataDir) await loadWarehouse(db, { dataDir });
  return { url, db };
}
