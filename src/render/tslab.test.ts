import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { TslabSession } from "./tslab.js";

test("removing the node_modules a cell imported from, between two cells (npm ci during a report), does not stop the session", async () => {
  const root = mkdtempSync(join(tmpdir(), "tslab-watch-"));
  const notebooks = join(root, "notebooks");
  mkdirSync(notebooks);
  for (const name of ["pkga", "pkgb"]) {
    const dir = join(root, "node_modules", name);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, main: "index.js", types: "index.d.ts" }));
    writeFileSync(join(dir, "index.js"), "exports.v = 20;\n");
    writeFileSync(join(dir, "index.d.ts"), "export declare const v: number;\n");
  }
  const crashes: Error[] = [];
  const onCrash = (error: Error) => crashes.push(error);
  process.on("uncaughtException", onCrash);
  const session = new TslabSession(notebooks);
  try {
    assert.equal((await session.run(`import { v } from "pkga"; import * as gone from "not-installed"; v`)).ok, false);
    const first = await session.run(`import { v as w } from "pkgb"; console.log(w + 1)`);
    assert.deepEqual(first.outputs, [{ output_type: "stream", name: "stdout", text: ["21\n"] }]);
    // Before the fix TypeScript's folder watchers fired here and tslab threw "Unexpected pending rebuildTimer".
    rmSync(join(root, "node_modules"), { recursive: true, force: true });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const next = await session.run(`const n: number = 3; console.log(n * 7)`);
    assert.deepEqual(next.outputs, [{ output_type: "stream", name: "stdout", text: ["21\n"] }]);
    assert.deepEqual(crashes, []);
  } finally {
    session.close();
    process.off("uncaughtException", onCrash);
    rmSync(root, { recursive: true, force: true });
  }
});
