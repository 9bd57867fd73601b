import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { connect } from "../db/connect.js";
import { holdDuckDB, runReleasingWhenWaiting } from "../db/testing.js";
import { loadWarehouse } from "../load/warehouse.js";

/** Issue 10, point 7: a DuckDB file held by another process (a notebook kernel) is named, with what to do. */

test("opening a warehouse another process holds names that process and what to do, for a writer and a reader", async () => {
  const dir = mkdtempSync(join(tmpdir(), "duckdb-lock-"));
  const path = join(dir, "w.duckdb");
  const holder = await holdDuckDB(path);
  try {
    await assert.rejects(connect(`duckdb:${path}`), (e: Error) => {
      assert.match(
        e.message,
        new RegExp(
          `the warehouse .*w\\.duckdb is open in process ${holder.process.pid} \\(.*node.*\\): a notebook kernel, the API serving it or another command holds it\\. Run this again once it lets go: a notebook 5 s after its last analysis`,
        ),
      );
      return true;
    });
    // A reader (an analysis, a notebook) is kept out only by a writer, and is told so.
    await assert.rejects(connect(`duckdb:${path}`, { readOnly: true }), (e: Error) => {
      assert.match(
        e.message,
        new RegExp(
          `the warehouse .*w\\.duckdb is open for writing in process ${holder.process.pid} \\(.*node.*\\): a load, or a report loading it\\. Wait for it to end`,
        ),
      );
      return true;
    });
  } finally {
    await holder.release();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a report whose warehouse needs no load runs beside a notebook's reader of it", { timeout: 180_000 }, async () => {
  const { dir, path } = await loadedWarehouse("duckdb-readers-");
  const notebook = await holdDuckDB(path, { readOnly: true });
  try {
    const report = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "src/cli/report.ts",
        "--db",
        `duckdb:${path}`,
        "--period",
        "1997-01",
        "--format",
        "html",
      ].concat(["--out", join(dir, "pack")]),
      { encoding: "utf8", env: { ...process.env, SALES_DB: "", SALES_PROGRESS: "0" } },
    );
    assert.equal(report.status, 0, report.stderr);
    assert.ok(existsSync(join(dir, "pack", "report.html")));
  } finally {
    await notebook.release();
    rmSync(dir, { recursive: true, force: true });
  }
});

test(
  "a report that must load a warehouse a notebook holds waits for the notebook to let go, then loads it",
  { timeout: 180_000 },
  async () => {
    const { dir, path } = await loadedWarehouse("duckdb-reload-");
    const notebook = await holdDuckDB(path, { readOnly: true });
    // The notebook lets go once the report says it waits, not after a fixed time: a slow start must not race it.
    const waiting = new RegExp(
      `report: the warehouse is open in process ${notebook.process.pid} \\(.*node.*\\): waiting up to 10 s for it to let go\n`,
    );
    try {
      const args = ["--db", `duckdb:${path}`, "--data", "data", "--reload", "--period", "1997-01", "--format", "html"];
      const { code, stderr } = await runReleasingWhenWaiting(
        ["--import", "tsx", "src/cli/report.ts", ...args, "--out", join(dir, "pack")],
        { ...process.env, SALES_DB: "", SALES_PROGRESS: "0" },
        notebook,
        waiting,
      );
      assert.equal(code, 0, stderr);
      assert.match(stderr, waiting);
      assert.ok(existsSync(join(dir, "pack", "report.html")));
    } finally {
      await notebook.release();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);

/** A warehouse loaded from the extract, in a folder of its own. */
async function loadedWarehouse(prefix: string): Promise<{ dir: string; path: string }> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, "w.duckdb");
  const db = await connect(`duckdb:${path}`);
  await loadWarehouse(db, { dataDir: "data" });
  await db.close();
  return { dir, path };
}
