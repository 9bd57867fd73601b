import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { connect } from "../db/connect.js";

/** Issue 10, point 7: a DuckDB file held by another process (a notebook kernel) is named, with what to do. */

test("opening a warehouse another process holds names that process and what to do, for a writer and a reader", async () => {
  const dir = mkdtempSync(join(tmpdir(), "duckdb-lock-"));
  const path = join(dir, "w.duckdb");
  const holder = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "-e",
      `const { connect } = await import("./src/db/connect.ts"); await connect("duckdb:${path}"); console.log("open"); setInterval(() => {}, 1000);`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      holder.stdout!.on("data", (d: Buffer) => d.toString().includes("open") && resolve());
      holder.on("exit", () => reject(new Error("the holder exited")));
    });
    await assert.rejects(connect(`duckdb:${path}`), (e: Error) => {
      assert.match(
        e.message,
        new RegExp(
          `the warehouse .*w\\.duckdb is open in process ${holder.pid} \\(.*node.*\\): a notebook kernel or another command holds it\\. Shut down that kernel`,
        ),
      );
      return true;
    });
    // A reader (an analysis, a notebook) is kept out only by a writer, and is told so.
    await assert.rejects(connect(`duckdb:${path}`, { readOnly: true }), (e: Error) => {
      assert.match(
        e.message,
        new RegExp(
          `the warehouse .*w\\.duckdb is open for writing in process ${holder.pid} \\(.*node.*\\): a load, a report loading it or the API serving it\\. Wait for it to end`,
        ),
      );
      return true;
    });
  } finally {
    holder.kill();
    rmSync(dir, { recursive: true, force: true });
  }
});
