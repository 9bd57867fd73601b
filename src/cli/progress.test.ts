import assert from "node:assert/strict";
import { test } from "node:test";
import { progressWanted } from "./run.js";

test("progress means the same in every command: the flags, else SALES_PROGRESS 1 on / 0 off, else the command's default", () => {
  assert.equal(progressWanted({ progress: true }, false, { SALES_PROGRESS: "0" }), true);
  assert.equal(progressWanted({ "no-progress": true }, true, { SALES_PROGRESS: "1" }), false);
  assert.equal(progressWanted({ progress: true, "no-progress": true }, true, {}), false);
  assert.equal(progressWanted({}, false, { SALES_PROGRESS: "1" }), true);
  assert.equal(progressWanted({}, true, { SALES_PROGRESS: "0" }), false);
  assert.equal(progressWanted({}, true, {}), true);
  assert.equal(progressWanted({}, false, { SALES_PROGRESS: "yes" }), false);
});
