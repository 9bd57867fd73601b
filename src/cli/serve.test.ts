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
import { apiFixture } from "../api/testing.js";

const SERVE = fileURLToPath(new URL("./serve.ts", import.meta.url));
const API_KEY = fileURLToPath(new URL("./api-key.ts", import.meta.url));

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

test("serve binds 127.0.0.1, logs JSON lines with request ids and no key, and drains on SIGTERM, exiting 0", async () => {
  const f = await apiFixture();
  try {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        SERVE,
        "--port",
        "0",
        "--db",
        f.db,
        "--models",
        f.modelsDir,
        "--state",
        f.stateDir,
        "--no-train",
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 300 && !/serving on/.test(stderr); i++) await new Promise((r) => setTimeout(r, 100));
    const address = /serving on (http:\/\/[\d.]+:\d+)/.exec(stderr)?.[1];
    assert.ok(address?.startsWith("http://127.0.0.1:"), stderr);
    const res = await fetch(`${address}/v1/models`, {
      headers: { authorization: `Bearer ${f.keys.read}`, "x-request-id": "trace-me-42" },
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("x-request-id"), "trace-me-42");
    child.kill("SIGTERM");
    const [code] = await once(child, "exit");
    assert.equal(code, 0, stderr);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { reqId?: string; msg: string });
    assert.ok(lines.some((l) => l.reqId === "trace-me-42" && l.msg === "request completed"));
    assert.ok(lines.some((l) => l.msg === "stopped"));
    assert.ok(!stdout.includes(f.keys.read), "the key is never logged");
  } finally {
    await f.dispose();
  }
});
