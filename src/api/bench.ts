// The API under load, with autocannon on 127.0.0.1 only:
//   npm run bench:api [-- --seconds 10 --connections 10]
// Starts `npm run serve` as a child process over the extract (loaded into a
// temp DuckDB warehouse, a model trained on it), then measures requests per
// second and p50/p99 latency of /v1/predict and /v1/segment, one customer
// and a 10,000-customer batch, times 100,000-customer batches, and reads the
// server's memory from /proc. Prints one table; nothing is written outside
// the temp folder, which is removed at the end.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { apiFixture } from "./testing.js";

const require = createRequire(import.meta.url);
const autocannon = require("autocannon") as (o: object) => Promise<AutocannonResult>;
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

const { values } = parseArgs({
  options: { seconds: { type: "string", default: "10" }, connections: { type: "string", default: "10" } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);

const fixture = await apiFixture();
const SERVE = fileURLToPath(new URL("../cli/serve.ts", import.meta.url));
const child = spawn(
  process.execPath,
  [
    "--import",
    "tsx",
    SERVE,
    "--port",
    "0",
    "--db",
    fixture.db,
    "--models",
    fixture.modelsDir,
    "--state",
    fixture.stateDir,
    "--rate-limit",
    "100000000",
    "--no-train",
  ],
  {
    stdio: ["ignore", "ignore", "pipe"],
    // Load shedding off: a bench on a shared machine measures throughput, not the 503s.
    env: { ...process.env, SALES_API_LOG_LEVEL: "warn", SALES_API_MAX_LOOP_DELAY_MS: "0" },
  },
);
let stderr = "";
child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
for (let i = 0; i < 600 && !/serving on/.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
const base = /serving on (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr)?.[1];
if (!base) throw new Error(`the server did not start:\n${stderr}`);
const headers = { authorization: `Bearer ${fixture.keys.admin}`, "content-type": "application/json" };

function memory(): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${child.pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** Seeded histories: 0-8 orders each between 1996-07-04 and 1997-02-12. */
function histories(n: number, seed = 1) {
  let s = seed >>> 0;
  const rand = () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  const start = Date.UTC(1996, 6, 4);
  const span = Date.UTC(1997, 1, 12) - start;
  return Array.from({ length: n }, (_, i) => {
    const k = Math.floor(rand() * 9);
    const dates = Array.from({ length: k }, () =>
      new Date(start + Math.floor((rand() * span) / 864e5) * 864e5).toISOString().slice(0, 10),
    );
    return {
      customer_id: i,
      as_of: "1997-02-12",
      orders: dates.map((date) => ({ date, sales: Math.round(rand() * 500000) / 100 })),
    };
  });
}
const toSegment = (h: ReturnType<typeof histories>[number]) => ({
  orders: h.orders.map((o) => ({ date: o.date, amount: o.sales })),
  as_of: "1997-02-28",
});

const one = histories(1, 7)[0];
const batch10k = histories(10_000);
const bodies = {
  predictOne: JSON.stringify(one),
  segmentOne: JSON.stringify(toSegment(one)),
  predict10k: JSON.stringify({ customers: batch10k }),
  segment10k: JSON.stringify({ customers: batch10k.map(toSegment) }),
};

const rows: string[][] = [];
const idle = memory();
async function load(label: string, path: string, body: string, conns: number) {
  // Warm up (JIT, first queries), then measure.
  // A batch can take seconds on a busy machine: wait for it rather than count a timeout.
  const timeout = 120;
  await autocannon({ url: base + path, method: "POST", headers, body, connections: conns, duration: 2, timeout });
  const r = await autocannon({
    url: base + path,
    method: "POST",
    headers,
    body,
    connections: conns,
    duration: seconds,
    timeout,
  });
  const customers = body.startsWith('{"customers"') ? 10_000 : 1;
  rows.push([
    label,
    String(conns),
    r.requests.average.toFixed(r.requests.average < 10 ? 2 : 0),
    (r.requests.average * customers).toFixed(0),
    r.latency.p50.toFixed(1),
    r.latency.p99.toFixed(1),
    String(r.non2xx + r.errors + r.timeouts),
  ]);
}
await load("POST /v1/predict, 1 customer", "/v1/predict", bodies.predictOne, connections);
await load("POST /v1/segment, 1 customer", "/v1/segment", bodies.segmentOne, connections);
await load("POST /v1/predict, 10,000 customers", "/v1/predict", bodies.predict10k, 2);
await load("POST /v1/segment, 10,000 customers", "/v1/segment", bodies.segment10k, 2);

const batch100k = histories(100_000, 3);
const big = {
  predict: JSON.stringify({ customers: batch100k }),
  segment: JSON.stringify({ customers: batch100k.map(toSegment) }),
};
const timed: string[][] = [];
for (const [route, body] of Object.entries(big)) {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const res = await fetch(`${base}/v1/${route}`, { method: "POST", headers, body });
    const answer = (await res.json()) as { count?: number; detail?: string };
    if (res.status !== 200 || answer.count !== 100_000)
      throw new Error(`100k ${route}: ${res.status} ${answer.detail ?? ""}`);
    times.push((performance.now() - t) / 1000);
  }
  times.sort((a, b) => a - b);
  timed.push([
    `POST /v1/${route}, 100,000 customers`,
    `${(body.length / 2 ** 20).toFixed(1)} MiB`,
    times[0].toFixed(2),
    times[1].toFixed(2),
    times[2].toFixed(2),
  ]);
}
const after = memory();

child.kill("SIGTERM");
await new Promise((r) => child.once("exit", r));
await fixture.dispose();

const table = (head: string[], body: string[][]) => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(" | ")} |`;
  return [
    line(head),
    `|${widths.map((w, i) => (i === 0 ? ":" : "-") + "-".repeat(w) + (i === 0 ? "-" : ":")).join("|")}|`,
    ...body.map(line),
  ].join("\n");
};
const load1 = readFileSync("/proc/loadavg", "utf8").split(" ")[0];
console.log(
  `\nAPI bench: ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}, load average ${load1} at the end; ${seconds} s per row after a 2 s warm-up; autocannon and the server on 127.0.0.1 (load shedding off)\n`,
);
console.log(table(["route", "connections", "req/s", "customers/s", "p50 ms", "p99 ms", "errors"], rows));
console.log("");
console.log(table(["one request", "body", "best s", "median s", "worst s"], timed));
console.log("");
console.log(
  `server memory: ${idle.rss.toFixed(0)} MiB RSS idle, ${after.rss.toFixed(0)} MiB after, ${after.peak.toFixed(0)} MiB peak`,
);
