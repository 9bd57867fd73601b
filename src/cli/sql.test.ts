import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const CLI = fileURLToPath(new URL("./sql.ts", import.meta.url));

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("--help prints the usage and exits 0", async () => {
  const { code, stdout } = await run(["--help"]);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: npm run sql -- \[--check\]/);
});

test("--check writes nothing and says whether sql/rendered is current (run `npm run sql` when it is not)", async () => {
  const { code, stdout, stderr } = await run(["--check"]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^sql\/rendered is up to date \(\d+ files\)\n$/);
});

test("an unknown option is a usage error (exit 2)", async () => {
  const { code } = await run(["--force"]);
  assert.equal(code, 2);
});
