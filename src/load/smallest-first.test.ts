import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { smallestFirst } from "./smallest-first.js";

test("jobs asked for together run one at a time, the smallest first, each answering its own caller", async () => {
  const run = smallestFirst();
  const log: string[] = [];
  const job = (name: string) => async () => {
    log.push(`${name} starts`);
    await sleep(5);
    log.push(`${name} ends`);
    return name;
  };
  const answers = await Promise.all([run(300, job("big")), run(10, job("small")), run(100, job("middle"))]);
  assert.deepEqual(answers, ["big", "small", "middle"]);
  assert.deepEqual(log, ["small starts", "small ends", "middle starts", "middle ends", "big starts", "big ends"]);
});

test("a job that fails rejects its own caller only, and the next one still runs", async () => {
  const run = smallestFirst();
  const failing = run(1, async () => {
    throw new Error("not a simple file");
  });
  const after = run(2, async () => "read");
  await assert.rejects(failing, /not a simple file/);
  assert.equal(await after, "read");
});

test("a job that throws at once rejects its caller instead of throwing where the queue starts it", async () => {
  const run = smallestFirst();
  const job = (): Promise<string> => {
    throw new Error("no such file");
  };
  await assert.rejects(run(1, job), /no such file/);
  assert.equal(await run(2, async () => "next"), "next");
});

test("a job asked for while another runs waits for it, however small", async () => {
  const run = smallestFirst();
  let started!: () => void;
  const running = new Promise<void>((resolve) => (started = resolve));
  let done = false;
  const one = run(100, async () => {
    started();
    await sleep(10);
    done = true;
  });
  await running;
  const two = await run(1, async () => done);
  await one;
  assert.equal(two, true);
});
