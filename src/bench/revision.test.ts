import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { revision } from "./revision.js";

test("the bench names the commit it measured, and says so when files differ from it", () => {
  const root = fileURLToPath(new URL("../../", import.meta.url));
  assert.match(revision(root) ?? "", /^commit [0-9a-f]{7,}( and uncommitted changes)?$/);
});

test("outside a git checkout there is no commit to name", () => {
  const dir = mkdtempSync(join(tmpdir(), "bench-revision-"));
  try {
    assert.equal(revision(dir), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
