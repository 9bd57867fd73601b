import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { startReplica, type Replica } from "../scrape/replica/server.js";
import { scratch } from "../scrape/testing.js";

const CLI = fileURLToPath(new URL("./scrape.ts", import.meta.url));
const work = scratch("scrape-cli-");
let replica: Replica;
before(async () => {
  replica = await startReplica();
});
after(async () => {
  await replica?.close();
  work.dispose();
});

async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", CLI, ...args], {
      env: { ...process.env, SALES_DB: "", SALES_SCRAPE_ALLOW_HOSTS: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("--help prints the usage and exits 0", async () => {
  const { code, stdout } = await run(["--help"]);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: npm run scrape -- \[--url URL\] \[--out DIR\] \[--mode M\] \[--load\] \[--db URL\]/);
  assert.match(
    stdout,
    /Exit codes: 0 scraped \(and loaded\), 1 the scrape, its checks or the load failed, 2 usage error\./,
  );
});

test("a bad --mode is a usage error (exit 2)", async () => {
  const { code, stderr } = await run(["--mode", "fast"]);
  assert.equal(code, 2);
  assert.match(stderr, /^scrape: --mode: expected browser, static, auto, got fast\nRun with --help for usage\./);
});

test("a host off the allow-list exits 1 naming the URL and what to do", async () => {
  const { code, stderr } = await run(["--url", replica.staticUrl, "--out", join(work.dir, "refused")]);
  assert.equal(code, 1);
  assert.match(
    stderr,
    /^scrape: http:\/\/127\.0\.0\.1:\d+\/static\/: host 127\.0\.0\.1 is not on the allow-list \(www\.w3schools\.com\); add it with --allow-host/,
  );
  assert.equal(existsSync(join(work.dir, "refused")), false);
});

test("a scrape of the static replica ends with one line saying what was scraped, with progress on stderr when asked", async () => {
  const out = join(work.dir, "scraped");
  const args = [
    "--url",
    replica.staticUrl,
    "--out",
    out,
    "--mode",
    "static",
    "--allow-host",
    "127.0.0.1",
    "--rate",
    "0",
  ];
  const { code, stdout, stderr } = await run(args, { SALES_PROGRESS: "1" });
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^scraped 8 tables from http:\/\/127\.0\.0\.1:\d+\/static\/ \(static mode\) into .*scraped in \d+\.\d s: Customers 91, Categories 8, Employees 10, Shippers 3, Suppliers 29, Products 77, Orders 196, OrderDetails 518\n$/,
  );
  assert.match(stderr, /OrderDetails: 518 of 518 rows/);
  assert.ok(existsSync(join(out, "scrape-manifest.json")));
});
