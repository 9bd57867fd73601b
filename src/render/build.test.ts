import assert from "node:assert/strict";
import { mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { distIsFresh } from "./build.js";

test("dist/ is rebuilt only when a source file changed after the last build", async () => {
  const root = await mkdtemp(join(tmpdir(), "build-test-"));
  mkdirSync(join(root, "src", "render"), { recursive: true });
  writeFileSync(join(root, "src", "render", "report.ts"), "export {};\n");
  writeFileSync(join(root, "src", "render", "report.test.ts"), "export {};\n");
  assert.equal(await distIsFresh(root), false, "never built");

  mkdirSync(join(root, "dist"));
  writeFileSync(join(root, "dist", ".tsbuildinfo"), "{}");
  const built = new Date(Date.now() + 60_000);
  utimesSync(join(root, "dist", ".tsbuildinfo"), built, built);
  assert.equal(await distIsFresh(root), true);

  const later = new Date(Date.now() + 120_000);
  utimesSync(join(root, "src", "render", "report.test.ts"), later, later);
  assert.equal(await distIsFresh(root), true, "tests are not compiled");
  utimesSync(join(root, "src", "render", "report.ts"), later, later);
  assert.equal(await distIsFresh(root), false);
  await rm(root, { recursive: true });
});
