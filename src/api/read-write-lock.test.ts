import assert from "node:assert/strict";
import { test } from "node:test";
import { ReadWriteLock } from "./read-write-lock.js";

/** A piece of work that records when it starts and ends, and ends when told. */
function step(log: string[], name: string) {
  let end!: () => void;
  const ended = new Promise<void>((resolve) => (end = resolve));
  return {
    work: async () => {
      log.push(`${name} in`);
      await ended;
      log.push(`${name} out`);
    },
    end,
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

test("readers share the lock, a writer waits for them all and holds back the readers that came after it", async () => {
  const lock = new ReadWriteLock();
  const log: string[] = [];
  const [r1, r2, w, r3] = [step(log, "r1"), step(log, "r2"), step(log, "w"), step(log, "r3")];
  const done = [lock.read(r1.work), lock.read(r2.work)];
  assert.equal(lock.writer, false);
  done.push(lock.write(w.work), lock.read(r3.work));
  assert.equal(lock.writer, true, "a writer waits");
  await tick();
  assert.deepEqual(log, ["r1 in", "r2 in"]);
  r1.end();
  await tick();
  assert.deepEqual(log, ["r1 in", "r2 in", "r1 out"], "the writer waits for the second reader");
  r2.end();
  await tick();
  assert.deepEqual(log.slice(3), ["r2 out", "w in"], "the third reader waits for the writer");
  w.end();
  await tick();
  assert.deepEqual(log.slice(5), ["w out", "r3 in"]);
  assert.equal(lock.writer, false);
  r3.end();
  await Promise.all(done);
});

test("work that fails lets the lock go", async () => {
  const lock = new ReadWriteLock();
  await assert.rejects(
    lock.write(async () => {
      throw new Error("load failed");
    }),
    /load failed/,
  );
  assert.equal(await lock.read(async () => "read"), "read");
  assert.equal(await lock.write(async () => "written"), "written");
});
