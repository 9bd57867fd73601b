import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { writeAtomically } from "./pack.js";

test("a pack appears only when its build succeeds, replacing the previous one", async () => {
  const root = await mkdtemp(join(tmpdir(), "pack-test-"));
  const target = join(root, "all");
  await writeAtomically(target, (dir) => writeFile(join(dir, "report.html"), "first"));
  await writeAtomically(target, (dir) => writeFile(join(dir, "report.html"), "second"));
  assert.equal(readFileSync(join(target, "report.html"), "utf8"), "second");
  assert.deepEqual(readdirSync(root), ["all"], "no temporary folders left");
  await rm(root, { recursive: true });
});

test("a failed build leaves no partial pack and the previous one untouched", async () => {
  const root = await mkdtemp(join(tmpdir(), "pack-test-"));
  const target = join(root, "all");
  await writeAtomically(target, (dir) => writeFile(join(dir, "report.html"), "good"));
  await assert.rejects(
    writeAtomically(target, async (dir) => {
      await writeFile(join(dir, "report.html"), "half");
      throw new Error("03-customers: cell 4 failed");
    }),
    /cell 4 failed/,
  );
  assert.equal(readFileSync(join(target, "report.html"), "utf8"), "good");
  assert.deepEqual(readdirSync(root), ["all"]);

  const fresh = join(root, "1997-01");
  await assert.rejects(writeAtomically(fresh, async () => Promise.reject(new Error("boom"))));
  assert.equal(existsSync(fresh), false);
  await rm(root, { recursive: true });
});
