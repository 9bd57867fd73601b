import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { trace, traceStart } from "./trace.js";

const before = process.env.SALES_TRACE;
afterEach(() => {
  if (before === undefined) delete process.env.SALES_TRACE;
  else process.env.SALES_TRACE = before;
});

/** Busy for about `ms` milliseconds of this thread's CPU. */
function spin(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

test("a traced step reads as its wall time and the CPU the process used meanwhile, then its name", () => {
  process.env.SALES_TRACE = "1";
  const lines: string[] = [];
  const started = traceStart();
  spin(60);
  trace("query models/customer_features (481250 rows)", started, (line) => lines.push(line));
  assert.equal(lines.length, 1);
  const match = /^trace +(\d+\.\d{3}) s +(\d+\.\d{3}) s CPU query models\/customer_features \(481250 rows\)\n$/.exec(
    lines[0],
  );
  assert.ok(match, lines[0]);
  const [wall, cpu] = [Number(match[1]), Number(match[2])];
  assert.ok(wall >= 0.06 && wall < 5, `wall ${wall}`);
  // The spin was CPU on this thread: nearly all of it counts.
  assert.ok(cpu >= 0.03 && cpu < 5, `cpu ${cpu}`);
});

test("a step started without its CPU gives its wall time alone, its name in the same column", () => {
  process.env.SALES_TRACE = "1";
  const lines: string[] = [];
  trace("started again", { wall: performance.now() }, (line) => lines.push(line));
  trace("query overview (1 rows)", traceStart(), (line) => lines.push(line));
  assert.match(lines[0], /^trace +\d+\.\d{3} s +started again\n$/);
  assert.equal(lines[0].indexOf("started again"), lines[1].indexOf("query overview"));
});

test("without SALES_TRACE=1 nothing is written", () => {
  delete process.env.SALES_TRACE;
  const lines: string[] = [];
  trace("query overview (1 rows)", traceStart(), (line) => lines.push(line));
  process.env.SALES_TRACE = "0";
  trace("query overview (1 rows)", traceStart(), (line) => lines.push(line));
  assert.deepEqual(lines, []);
});
