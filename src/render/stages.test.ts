import assert from "node:assert/strict";
import { test } from "node:test";
import { Stopwatch, type StageEvent } from "./stages.js";

test("a stage that throws is reported as failed, never as done, and its time is kept", async () => {
  const events: StageEvent[] = [];
  const watch = new Stopwatch("1997-01", (e) => events.push(e));
  await watch.time("analyse", async () => 1);
  await assert.rejects(
    watch.time("pdf", async () => {
      throw new Error("Chromium crashed");
    }),
    /Chromium crashed/,
  );
  assert.deepEqual(
    events.map((e) => `${e.stage} ${e.state}`),
    ["analyse start", "analyse done", "pdf start", "pdf failed"],
  );
  assert.equal(typeof events[3].seconds, "number");
  assert.deepEqual(Object.keys(watch.times), ["analyse", "pdf"]);
});

test("a running stage's steps reach the listener between its start and its end, and add no stage", async () => {
  const events: StageEvent[] = [];
  const watch = new Stopwatch("1997", (e) => events.push(e));
  await watch.time("analyse", async () => {
    watch.step("analyse", "Sales overview (1/2)");
    watch.step("analyse", "Customers: loyalty program (2/2)");
  });
  assert.deepEqual(
    events.map((e) => [e.state, e.detail ?? null]),
    [
      ["start", null],
      ["step", "Sales overview (1/2)"],
      ["step", "Customers: loyalty program (2/2)"],
      ["done", null],
    ],
  );
  assert.deepEqual(Object.keys(watch.times), ["analyse"]);
});
