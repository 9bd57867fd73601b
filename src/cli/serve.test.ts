import assert from "node:assert/strict";
import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { apiFixture, type ApiFixture } from "../api/testing.js";
import { DATA_DIR } from "../load/testing.js";

const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));
const API_KEY = fileURLToPath(new URL("./api-key.ts", import.meta.url));
const ANALYSE = fileURLToPath(new URL("./analyse.ts", import.meta.url));
const WAREHOUSE = fileURLToPath(new URL("./warehouse.ts", import.meta.url));

async function run(cli: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", cli, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

test("serve --help documents every option and its environment variable; a bad port is a usage error", async () => {
  const help = await run(SERVE, ["--help"]);
  assert.equal(help.code, 0);
  for (const word of [
    "--port",
    "--host",
    "--db",
    "--models",
    "SALES_API_PORT",
    "SALES_API_HOST",
    "SALES_API_CORS_ORIGINS",
    "SALES_API_WAREHOUSE_IDLE_SECONDS",
    "127.0.0.1",
  ])
    assert.ok(help.stdout.includes(word), word);
  const bad = await run(SERVE, ["--port", "http"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--port must be a whole number from 0 to 65535, not "http"/);
});

test("serve on a port another program holds says so and names the option, exiting 1", async () => {
  const holder = createServer();
  await new Promise<void>((done) => holder.listen(0, "127.0.0.1", done));
  const { port } = holder.address() as AddressInfo;
  const dir = await mkdtemp(join(tmpdir(), "serve-busy-"));
  try {
    const args = ["--port", String(port), "--db", `duckdb:${join(dir, "none.duckdb")}`, "--no-train"];
    const busy = await run(SERVE, [...args, "--models", join(dir, "models"), "--state", join(dir, "state")]);
    assert.equal(busy.code, 1);
    assert.match(
      busy.stderr,
      new RegExp(
        `127\\.0\\.0\\.1:${port} is already in use by another program: stop it or choose another --port \\(or SALES_API_PORT\\)`,
      ),
    );
  } finally {
    holder.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("api-key creates (shown once), lists and revokes keys; unknown scopes are usage errors", async () => {
  const state = await mkdtemp(join(tmpdir(), "sales-api-key-"));
  try {
    const created = await run(API_KEY, ["create", "--name", "crm", "--scopes", "predict,read", "--state", state]);
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^si_[a-f0-9]{12}_/);
    assert.ok(!(await readFile(join(state, "api-keys.json"), "utf8")).includes(key));
    const listed = await run(API_KEY, ["list", "--state", state]);
    assert.match(listed.stdout, /crm\s+predict,read/);
    assert.ok(!listed.stdout.includes(key));
    assert.equal((await run(API_KEY, ["revoke", "--name", "crm", "--state", state])).code, 0);
    assert.match((await run(API_KEY, ["list", "--state", state])).stdout, /REVOKED/);
    const bad = await run(API_KEY, ["create", "--name", "x", "--scopes", "write", "--state", state]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /scopes must be a comma-separated list of read, predict, scrape, reports, admin/);
    assert.equal((await run(API_KEY, ["rotate"])).code, 2);
  } finally {
    await rm(state, { recursive: true, force: true });
  }
});

/** `serve` on the fixture in a child process, once it says where it listens. */
async function startServe(f: ApiFixture, env: NodeJS.ProcessEnv = {}) {
  const args = ["--port", "0", "--db", f.db, "--models", f.modelsDir, "--state", f.stateDir, "--no-train"];
  const child = spawn(process.execPath, ["--import", "tsx", SERVE, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env },
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  for (let i = 0; i < 300 && !/serving on/.test(out.stderr); i++) await new Promise((r) => setTimeout(r, 100));
  const address = /serving on (http:\/\/[\d.]+:\d+)/.exec(out.stderr)?.[1];
  if (!address) child.kill("SIGKILL");
  assert.ok(address?.startsWith("http://127.0.0.1:"), out.stderr);
  return { child, address, out };
}

test("serve binds 127.0.0.1, logs JSON lines with request ids and no key, and drains on SIGTERM, exiting 0", async () => {
  const f = await apiFixture();
  try {
    const { child, address, out } = await startServe(f);
    const res = await fetch(`${address}/v1/models`, {
      headers: { authorization: `Bearer ${f.keys.read}`, "x-request-id": "trace-me-42" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-request-id"), "trace-me-42");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    assert.equal(code, 0, out.stderr);
    const lines = out.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { reqId?: string; msg: string });
    assert.ok(lines.some((l) => l.reqId === "trace-me-42" && l.msg === "request completed"));
    assert.ok(lines.some((l) => l.msg === "stopped"));
    assert.ok(!out.stdout.includes(f.keys.read), "the key is never logged");
  } finally {
    await f.dispose();
  }
});

test(
  "an API serving an embedded warehouse only reads it: analyse runs beside it, and a load is told the API holds the file",
  { timeout: 120_000 },
  async () => {
    const f = await apiFixture();
    // Held open for the whole test: a server that idles lets go of the file after 5 s (warehouse.test.ts).
    const { child, address, out } = await startServe(f, { SALES_API_WAREHOUSE_IDLE_SECONDS: "600" });
    try {
      // The warehouse is open once it has answered.
      const ready = await fetch(`${address}/readyz`);
      assert.equal(ready.status, 200, await ready.text());
      const analysed = await run(ANALYSE, [
        "--db",
        f.db,
        "--out",
        join(f.dir, "out"),
        "--only",
        "overview",
        "--no-powerbi",
      ]);
      assert.equal(analysed.code, 0, analysed.stderr);
      assert.equal(JSON.parse(await readFile(join(f.dir, "out", "figures.json"), "utf8")).orders, 196);
      const load = await run(WAREHOUSE, ["--db", f.db, "--data", DATA_DIR]);
      assert.equal(load.code, 1, load.stderr);
      assert.match(
        load.stderr,
        new RegExp(`open in process ${child.pid} \\(.*serve.*\\): a notebook kernel, the API serving it`),
      );
    } finally {
      child.kill("SIGTERM");
      await once(child, "exit");
      await f.dispose();
    }
    assert.ok(!/error/i.test(out.stderr.replace(/serving on.*\n/, "")), out.stderr);
  },
);
