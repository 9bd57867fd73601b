import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { connect } from "../db/connect.js";
import { createPostgresDatabase, postgresUnavailable, type ScratchDatabase } from "../db/testing.js";
import { EXTRACT_FIGURES, totalSales } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";

/** Issue 10, point 5: a server that never answers times out; a dropped connection is one clear line. */

const skip = await postgresUnavailable();
const env = (extra: Record<string, string>) => ({ ...process.env, SALES_DB: "", SALES_PROGRESS: "0", ...extra });

describe("a server that accepts connections but never answers", () => {
  let server: Server;
  let port: number;
  const sockets: Socket[] = [];
  before(async () => {
    server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    port = (server.address() as { port: number }).port;
  });
  after(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });

  test("connect gives up after SALES_DB_CONNECT_TIMEOUT and names the host and port", async () => {
    process.env.SALES_DB_CONNECT_TIMEOUT = "1";
    try {
      const started = performance.now();
      await assert.rejects(
        connect(`postgres://postgres@127.0.0.1:${port}/sales`),
        new RegExp(`PostgreSQL at 127\\.0\\.0\\.1:${port} did not answer within 1 s \\(SALES_DB_CONNECT_TIMEOUT\\)`),
      );
      assert.ok(performance.now() - started < 5000);
    } finally {
      delete process.env.SALES_DB_CONNECT_TIMEOUT;
    }
  });

  test("npm run warehouse and npm run analyse exit 1 within the limit with that one line", () => {
    for (const command of ["warehouse", "analyse"]) {
      const started = performance.now();
      const r = spawnSync(
        process.execPath,
        ["--import", "tsx", `src/cli/${command}.ts`, "--db", `postgres://postgres@127.0.0.1:${port}/sales`],
        {
          encoding: "utf8",
          env: env({ SALES_DB_CONNECT_TIMEOUT: "1" }),
          timeout: 30_000,
        },
      );
      assert.equal(r.status, 1, command);
      assert.match(
        r.stderr,
        new RegExp(`^${command}: PostgreSQL at 127\\.0\\.0\\.1:${port} did not answer within 1 s`),
      );
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.ok(performance.now() - started < 15_000, `${command} took ${performance.now() - started} ms`);
    }
  });

  test("a malformed timeout names the variable", async () => {
    process.env.SALES_DB_STATEMENT_TIMEOUT = "soon";
    try {
      await assert.rejects(
        connect(`postgres://postgres@127.0.0.1:${port}/sales`),
        /SALES_DB_STATEMENT_TIMEOUT is "soon": expected a number of seconds/,
      );
    } finally {
      delete process.env.SALES_DB_STATEMENT_TIMEOUT;
    }
  });
});

describe("faults on the real PostgreSQL server", { skip }, () => {
  let scratch: ScratchDatabase;
  let data: string;
  before(async () => {
    scratch = await createPostgresDatabase("faults");
    const db = await connect(scratch.url);
    await loadWarehouse(db, { dataDir: "data" });
    await db.close();
    data = mkdtempSync(join(tmpdir(), "faults-data-"));
    spawnSync(process.execPath, ["--import", "tsx", "src/cli/generate.ts", "--orders", "20000", "--out", data], {
      env: env({}),
    });
  });
  after(async () => {
    await scratch?.drop();
    rmSync(data, { recursive: true, force: true });
  });

  test("a statement over SALES_DB_STATEMENT_TIMEOUT fails with the limit and the server named", async () => {
    process.env.SALES_DB_STATEMENT_TIMEOUT = "1";
    const db = await connect(scratch.url);
    delete process.env.SALES_DB_STATEMENT_TIMEOUT;
    try {
      await assert.rejects(
        db.query("SELECT pg_sleep(5) AS x"),
        /PostgreSQL at 127\.0\.0\.1:5432 did not finish a statement within 1 s \(SALES_DB_STATEMENT_TIMEOUT\)/,
      );
    } finally {
      await db.close();
    }
  });

  test("a connection terminated mid-load gives one line, no stack, no staging table, the warehouse unchanged", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "src/cli/warehouse.ts", "--data", data, "--db", scratch.url],
      { env: env({}) },
    );
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => child.on("exit", (code) => r(code)));
    const admin = new pg.Client({ connectionString: scratch.url });
    await admin.connect();
    try {
      let killed = false;
      for (let i = 0; i < 600 && !killed; i++) {
        const { rows } = await admin.query(
          `SELECT a.pid FROM pg_stat_activity a
            WHERE a.application_name LIKE 'sales-insight load since%'
              AND EXISTS (SELECT 1 FROM information_schema.tables WHERE table_name LIKE 'stg%')`,
        );
        if (rows.length) {
          await admin.query("SELECT pg_terminate_backend($1)", [rows[0].pid]);
          killed = true;
        } else await new Promise((r) => setTimeout(r, 25));
      }
      assert.ok(killed, "caught the load while it was staging");
      assert.equal(await exited, 1);
      assert.doesNotMatch(stderr, /Unhandled|^\s+at /m);
      const lines = stderr.trim().split("\n");
      assert.equal(lines.length, 1, stderr);
      assert.match(
        lines[0],
        /^warehouse: the connection to PostgreSQL at 127\.0\.0\.1:5432 was lost \(.*\) while (loading: nothing was swapped in, the warehouse is unchanged|replacing)/,
      );
      const { rows } = await admin.query(
        "SELECT count(*) AS n FROM information_schema.tables WHERE table_name LIKE 'stg%'",
      );
      assert.equal(Number(rows[0].n), 0, "the staging tables were dropped");
    } finally {
      await admin.end();
    }
    const db = await connect(scratch.url);
    try {
      assert.equal(await totalSales(db), EXTRACT_FIGURES.total, "the previous warehouse is intact");
    } finally {
      await db.close();
    }
  });
});
