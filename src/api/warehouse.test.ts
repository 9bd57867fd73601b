import assert from "node:assert/strict";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import pg from "pg";
import { connect } from "../db/connect.js";
import { ConnectionLostError } from "../db/faults.js";
import {
  closedPort,
  createPostgresDatabase,
  holdDuckDB,
  POSTGRES_ADMIN_URL,
  postgresUnavailable,
  type ScratchDatabase,
} from "../db/testing.js";
import { loadFolderInto } from "../load/into.js";
import { DATA_DIR, extractLessLastLine, loadByCommand } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";
import { ProblemError } from "./problem.js";
import { Warehouse, WarehouseWaitError } from "./warehouse.js";

/**
 * The API's warehouse connection against the real PostgreSQL: it waits for a
 * database that is not there yet or not loaded yet, and a connection the
 * server drops is replaced on the next piece of work.
 */

const unavailable = await postgresUnavailable();
let scratch: ScratchDatabase | undefined;

before(async () => {
  if (!unavailable) scratch = await createPostgresDatabase("api_warehouse");
});
after(async () => {
  await scratch?.drop();
});

test("waiting for a database nobody serves says why at every try and gives up at the deadline", async () => {
  const warehouse = new Warehouse(`postgres://postgres@127.0.0.1:${await closedPort()}/sales`);
  const reasons: string[] = [];
  await assert.rejects(
    warehouse.waitUntilLoaded({ timeoutMs: 1000, intervalMs: 200, onWait: (reason) => reasons.push(reason) }),
    (error: Error) =>
      error instanceof WarehouseWaitError && /not ready within 1 s \(\d+ tries\): not reachable/.test(error.message),
  );
  assert.ok(reasons.length >= 2, `tried ${reasons.length} times`);
  assert.match(reasons[0], /connection refused/);
  await warehouse.close();
});

test("the wait ends as soon as the extract is loaded into the database", { skip: unavailable }, async () => {
  const warehouse = new Warehouse(scratch!.url);
  const reasons: string[] = [];
  const waiting = warehouse.waitUntilLoaded({ timeoutMs: 120_000, intervalMs: 200, onWait: (r) => reasons.push(r) });
  const db = await connect(scratch!.url);
  try {
    await loadWarehouse(db, { dataDir: DATA_DIR });
  } finally {
    await db.close();
  }
  await waiting;
  assert.match(reasons[0], /^not loaded \(missing /);
  assert.equal(await warehouse.check(), "ok");
  await warehouse.close();
});

test("a connection the server drops is replaced on the next piece of work", { skip: unavailable }, async () => {
  const warehouse = new Warehouse(scratch!.url);
  const pid = async () =>
    warehouse.use(async (db) => (await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid"))[0].pid);
  const first = await pid();
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query("SELECT pg_terminate_backend($1)", [first]);
  } finally {
    await admin.end();
  }
  // The work that finds the connection gone fails; the next one gets a new connection.
  await assert.rejects(pid(), ConnectionLostError);
  const second = await pid();
  assert.notEqual(second, first);
  await warehouse.close();
});

test("an embedded warehouse that is not there is not created: work on it is a 503 naming the command to load it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "api-warehouse-"));
  const file = join(dir, "w.duckdb");
  const warehouse = new Warehouse(`duckdb:${file}`);
  try {
    assert.equal(
      await warehouse.check(),
      `not loaded (No DuckDB warehouse at ${file}: load it first (npm run warehouse -- --db duckdb:${file}))`,
    );
    await assert.rejects(
      warehouse.use(async () => "never"),
      (error: unknown) => error instanceof ProblemError && error.status === 503,
    );
    assert.deepEqual(await readdir(dir), []);
  } finally {
    await warehouse.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test("an embedded warehouse not loaded yet is let go after each check, so the warehouse command can load it", async () => {
  const dir = await mkdtemp(join(tmpdir(), "api-warehouse-"));
  const file = join(dir, "w.duckdb");
  await (await connect(`duckdb:${file}`)).close();
  const warehouse = new Warehouse(`duckdb:${file}`);
  try {
    assert.match(await warehouse.check(), /^not loaded \(missing /);
    // Another process, as an operator would run it: DuckDB lets one process at a time write the file.
    const load = loadByCommand(DATA_DIR, `duckdb:${file}`);
    assert.equal(load.status, 0, load.stderr);
    assert.equal(await warehouse.check(), "ok");
  } finally {
    await warehouse.close();
    await rm(dir, { recursive: true, force: true });
  }
});

test(
  "an embedded warehouse is let go after idleMs without work, so the warehouse command reloads it while the API idles; work during a load is a 503 to retry",
  { timeout: 60_000 },
  async () => {
    const dir = await mkdtemp(join(tmpdir(), "api-warehouse-"));
    const file = join(dir, "w.duckdb");
    const db = await connect(`duckdb:${file}`);
    await loadWarehouse(db, { dataDir: DATA_DIR });
    await db.close();
    const warehouse = new Warehouse(`duckdb:${file}`, 300);
    // loadByCommand holds this event loop, so the idle timer cannot fire during a load.
    const load = () => loadByCommand(DATA_DIR, `duckdb:${file}`);
    const orders = () =>
      warehouse.use(async (db) => (await db.query<{ n: number }>("SELECT count(*) AS n FROM orders"))[0].n);
    try {
      assert.equal(Number(await orders()), 196);
      const held = load();
      assert.equal(held.status, 1, held.stdout);
      assert.match(held.stderr, new RegExp(`is open in process ${process.pid} `));
      await new Promise((resolve) => setTimeout(resolve, 600));
      const reloaded = load();
      assert.equal(reloaded.status, 0, reloaded.stderr);
      assert.equal(Number(await orders()), 196);

      // A writer holding the file (a load under way): the work is refused with a retry, and served once it is gone.
      await new Promise((resolve) => setTimeout(resolve, 600));
      const writer = await holdDuckDB(file);
      try {
        await assert.rejects(orders(), (error: unknown) => {
          assert.ok(error instanceof ProblemError, String(error));
          assert.equal(error.status, 503);
          assert.equal(error.extra.slug, "warehouse-busy");
          assert.equal(error.extra.headers?.["retry-after"], "10");
          assert.equal(error.message, "The warehouse is being loaded: try again shortly");
          return true;
        });
      } finally {
        await writer.release();
      }
      assert.equal(Number(await orders()), 196);
    } finally {
      await warehouse.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
);

test("a load in this process (writing) holds an embedded warehouse alone: work asked for meanwhile is a 503 to retry, and work after it reads what was loaded", async () => {
  const dir = await mkdtemp(join(tmpdir(), "api-warehouse-"));
  const url = `duckdb:${join(dir, "w.duckdb")}`;
  const db = await connect(url);
  await loadWarehouse(db, { dataDir: DATA_DIR });
  await db.close();
  const extract = extractLessLastLine();
  const warehouse = new Warehouse(url);
  const lines = () =>
    warehouse.use(async (db) =>
      Number((await db.query<{ n: number }>("SELECT count(*) AS n FROM order_details"))[0].n),
    );
  try {
    assert.equal(await lines(), 518);
    const load = warehouse.writing(() => loadFolderInto(url, extract.dir));
    await assert.rejects(
      lines(),
      (error: unknown) =>
        error instanceof ProblemError && error.status === 503 && error.extra.slug === "warehouse-busy",
    );
    let waited = 0;
    await warehouse.waitWhileLoading({ timeoutMs: 60_000, intervalMs: 50, onWait: (tries) => (waited = tries) });
    assert.ok(waited > 0, "a job waits for the load");
    await load;
    assert.equal(await lines(), 517);
  } finally {
    await warehouse.close();
    extract.dispose();
    await rm(dir, { recursive: true, force: true });
  }
});
