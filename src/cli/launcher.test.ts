import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/** scripts/run.mjs: what every npm script of a command starts. */
const LAUNCHER = fileURLToPath(new URL("../../scripts/run.mjs", import.meta.url));

const launch = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  promisify(execFile)(process.execPath, [LAUNCHER, ...args], { env: { ...process.env, ...env } });

test("the launcher runs a command, from dist/ or (src/ newer) through tsx, and its help names it as npm run does", async () => {
  const { stdout } = await launch(["report", "--help"], { npm_lifecycle_event: "report" });
  assert.match(stdout, /^Usage: npm run report -- \[--period P\]/);
  const { stdout: bin } = await launch(["report", "--help"], { npm_lifecycle_event: "" });
  assert.match(bin, /^Usage: sales-insight report \[--period P\]/);
});

test("through the launcher, a usage error still exits 2 with the command's message", async () => {
  await assert.rejects(launch(["report", "--format", "docx"]), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(error.stderr, /report: --format takes html, pdf or html,pdf, not "docx"/);
    return true;
  });
});
