import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { displayPath } from "./display-path.js";

test("a path inside the working folder is shown relative to it, one outside it in full", () => {
  assert.equal(displayPath(join(process.cwd(), "reports", "all")), join("reports", "all"));
  assert.equal(displayPath(process.cwd()), ".");
  assert.equal(displayPath("/tmp/pack"), "/tmp/pack");
  assert.equal(displayPath("reports/../reports/all"), join("reports", "all"));
});
