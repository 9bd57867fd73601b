import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { wantsMallocRestart } from "./malloc.js";

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

test("a mistyped command exits 2 naming the command it was most likely meant to be, and every command", async () => {
  await assert.rejects(launch(["anlyse"]), (error: { code: number; stderr: string }) => {
    assert.equal(error.code, 2);
    assert.match(
      error.stderr,
      /unknown command "anlyse" \(did you mean analyse\?\): expected one of warehouse, analyse,/,
    );
    return true;
  });
});

test("a command that runs the analyses starts once more with glibc's mmap threshold fixed and two arenas, keeping its exit code", async () => {
  const restarted = /started again with MALLOC_MMAP_THRESHOLD_=131072/;
  await assert.rejects(
    launch(["analyse", "--fiscal-year-start", "13"], {
      SALES_TRACE: "1",
      MALLOC_MMAP_THRESHOLD_: undefined,
      MALLOC_ARENA_MAX: undefined,
    }),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.match(error.stderr, /analyse: --fiscal-year-start: expected the month/);
      if (process.platform === "linux")
        assert.match(error.stderr, /started again with MALLOC_MMAP_THRESHOLD_=131072, MALLOC_ARENA_MAX=2/);
      return true;
    },
  );
  // An arena count the caller chose is passed on as it is.
  if (process.platform === "linux")
    await assert.rejects(
      launch(["analyse", "--fiscal-year-start", "13"], {
        SALES_TRACE: "1",
        MALLOC_MMAP_THRESHOLD_: undefined,
        MALLOC_ARENA_MAX: "4",
      }),
      (error: { code: number; stderr: string }) => {
        assert.match(error.stderr, /started again with MALLOC_MMAP_THRESHOLD_=131072, MALLOC_ARENA_MAX=4/);
        return true;
      },
    );
  // A threshold the caller chose is kept, and the command runs at once.
  await assert.rejects(
    launch(["analyse", "--fiscal-year-start", "13"], { SALES_TRACE: "1", MALLOC_MMAP_THRESHOLD_: "65536" }),
    (error: { code: number; stderr: string }) => {
      assert.equal(error.code, 2);
      assert.doesNotMatch(error.stderr, restarted);
      return true;
    },
  );
});

test("only Linux without a threshold set starts again", () => {
  assert.equal(wantsMallocRestart({}, "linux"), true);
  assert.equal(wantsMallocRestart({ MALLOC_MMAP_THRESHOLD_: "262144" }, "linux"), false);
  assert.equal(wantsMallocRestart({}, "darwin"), false);
});
