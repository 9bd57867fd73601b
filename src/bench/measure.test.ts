import assert from "node:assert/strict";
import { test } from "node:test";
import { failureReason, measure, StageError } from "./measure.js";

test("a command the kernel kills reads as killed, maybe out of memory, with or without GNU time", async () => {
  const error = await measure("peer", "sh", ["-c", "kill -9 $$"]).catch((e: unknown) => e);
  assert.ok(error instanceof StageError);
  assert.equal(error.code, 137);
  assert.equal(failureReason(error), "killed (exit 137: out of memory?)");
});

test("a failed command's reason is its exit status or the signal that ended it", async () => {
  const error = await measure("peer", "sh", ["-c", "echo no pandas here >&2; exit 3"]).catch((e: unknown) => e);
  assert.ok(error instanceof StageError);
  assert.equal(failureReason(error), "exit 3");
  assert.match(error.message, /no pandas here/);
  assert.equal(failureReason(new StageError("peer ended", 143)), "ended by signal 15");
});
