import { test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { Worker } from "node:worker_threads";
import { firstAnswer } from "./threads.js";

const worker = (code: string) =>
  new Worker(`const { parentPort } = require("node:worker_threads"); ${code}`, { eval: true });

test("a worker's first answer is read, and the worker is stopped", { timeout: 10_000 }, async () => {
  const w = worker(`parentPort.postMessage({ sum: 2 + 3 }); setInterval(() => {}, 1000);`);
  const exited = once(w, "exit");
  assert.equal(await firstAnswer(w, "adding", (a: { sum: number }) => a.sum * 10), 50);
  // Stopped by firstAnswer, not left running on its interval (terminated: exit code 1).
  assert.deepEqual(await exited, [1]);
});

test("an error the worker posts rejects with its message and stack", async () => {
  const w = worker(
    `parentPort.postMessage({ error: "no customers to fit", stack: "Error: no customers to fit\\n    at fit" });`,
  );
  await assert.rejects(
    firstAnswer(w, "clustering", (a: object) => a),
    (error: Error) => {
      assert.equal(error.message, "no customers to fit");
      assert.match(error.stack!, /at fit/);
      return true;
    },
  );
});

test("a worker that exits without answering rejects, naming what it was doing and its exit code", async () => {
  await assert.rejects(
    firstAnswer(worker(`process.exit(3);`), "backtest", (a: object) => a),
    /the backtest thread stopped \(exit code 3\) before it answered/,
  );
});

/** A worker (from source, through tsx) that answers with `postAnswer` from threads.ts. */
const answering = (work: string) =>
  new Worker(
    `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(
      new URL("./threads.ts", import.meta.url).href,
    )}); }).then(({ postAnswer }) => { ${work} });`,
    { eval: true },
  );

test("postAnswer posts a worker's answer, handing over the buffers named, as firstAnswer reads it", async () => {
  const labels = await firstAnswer(
    answering(`postAnswer(() => ({ labels: Int32Array.of(2, 0, 1) }), (a) => [a.labels.buffer]);`),
    "clustering",
    (a: { labels: Int32Array }) => Array.from(a.labels),
  );
  assert.deepEqual(labels, [2, 0, 1]);
});

test("postAnswer posts the error its work throws, message and stack", async () => {
  await assert.rejects(
    firstAnswer(
      answering(`postAnswer(function fit() { throw new Error("no customers to fit"); });`),
      "clustering",
      (a: object) => a,
    ),
    (error: Error) => {
      assert.equal(error.message, "no customers to fit");
      assert.match(error.stack!, /at fit/);
      return true;
    },
  );
});
