import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { connect } from "../db/connect.js";
import { holdDuckDB, runReleasingWhenWaiting } from "../db/testing.js";
import { copyExtract, editLine, editLines, EXTRACT_FIGURES, totalSales } from "../load/testing.js";

const CLI = fileURLToPath(new URL("./warehouse.ts", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "warehouse-cli-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ["--import", "tsx", CLI, ...args], {
      env: { ...process.env, SALES_DB: "", ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const db = `duckdb:${join(dir, "warehouse.duckdb")}`;

test("--help prints the usage and exits 0", async () => {
  const { code, stdout } = await run(["--help"]);
  assert.equal(code, 0);
  assert.match(stdout, /^Usage: npm run warehouse -- \[--data DIR\] \[--db URL\]/);
  assert.match(stdout, /Exit codes: 0 loaded, 1 the extracts have problems or the database failed, 2 usage error/);
});

test("an unknown --db scheme is a usage error (exit 2) naming the schemes that work", async () => {
  const { code, stderr } = await run(["--db", "mysql://localhost/sales"]);
  assert.equal(code, 2);
  assert.match(stderr, /^warehouse: Unknown database URL "mysql:\/\/localhost\/sales": expected duckdb:PATH/);
  assert.match(stderr, /Run with --help for usage/);
});

test("an unknown option is a usage error (exit 2), with the option it was most likely meant to be", async () => {
  const { code, stderr } = await run(["--dta", "data"]);
  assert.equal(code, 2);
  assert.match(stderr, /Unknown option '--dta' \(did you mean --data\?\)/);
});

test("a load ends with one line saying what was loaded, with progress on stderr when asked", async () => {
  const { code, stdout, stderr } = await run(["--db", db], { SALES_PROGRESS: "1" });
  assert.equal(code, 0, stderr);
  assert.match(
    stdout,
    /^loaded 932 rows from 8 files \(Windows-1252 and ASCII, CRLF and LF\) into duckdb:.*warehouse\.duckdb in [\d.]+ s \([\d,]+ rows\/s\): customers 91, employees 10, shippers 3, suppliers 29, categories 8, products 77, orders 196, order_details 518\n$/,
  );
  assert.match(stderr, /reading \w+\.csv: [\d,]+ rows \([\d,]+ in all, [\d,]+ rows\/s\)/);
});

test("SALES_TRACE=1 times each step of the load on stderr and leaves stdout as it was", async () => {
  const { code, stdout, stderr } = await run(["--db", db], { SALES_TRACE: "1" });
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^loaded 932 rows from 8 files .* order_details 518\n$/);
  // The sample's files are small: each is read line by line.
  assert.match(stderr, /^trace +[\d.]+ s +[\d.]+ s CPU load: OrderDetails\.csv staged line by line \(518 rows\)$/m);
  assert.match(stderr, /^trace +[\d.]+ s +[\d.]+ s CPU load: Customers\.csv staged line by line \(91 rows\)$/m);
  const steps = [
    ...stderr.matchAll(
      /^trace +[\d.]+ s +[\d.]+ s CPU load: (keys checked|order_sales built|swapped in|warehouse closed)/gm,
    ),
  ];
  assert.deepEqual(
    steps.map((m) => m[1]),
    ["keys checked", "order_sales built", "swapped in", "warehouse closed"],
  );
});

test("bad extracts exit 1 with every problem on stderr, and the warehouse keeps its figures", async () => {
  const copy = copyExtract();
  try {
    editLine(copy.dir, "Orders.csv", 150, (line) => line.replace(/\d+\/\d+\/\d{4}/, "2/30/1997"));
    editLines(copy.dir, "Orders.csv", (lines) => lines.map((line, i) => `${line},${i ? "" : "Comment"}`));
    const { code, stdout, stderr } = await run(["--db", db, "--data", copy.dir]);
    assert.equal(code, 1);
    assert.equal(stdout, "");
    assert.match(stderr, /^warning: Orders\.csv: ignoring unknown column Comment\n/m);
    assert.match(
      stderr,
      /^warehouse: The extracts have 1 problem; nothing was loaded and the warehouse is unchanged\./m,
    );
    assert.match(
      stderr,
      /Orders\.csv:150 column OrderDate value "2\/30\/1997": date does not exist: February 1997 has 28 days/,
    );
  } finally {
    copy.dispose();
  }
  const warehouse = await connect(db);
  try {
    assert.equal(await totalSales(warehouse), EXTRACT_FIGURES.total);
  } finally {
    await warehouse.close();
  }
});

test("a missing data folder exits 1 and says so", async () => {
  const { code, stderr } = await run(["--db", db, "--data", join(dir, "nowhere")]);
  assert.equal(code, 1);
  assert.match(stderr, /nowhere: the data folder does not exist/);
});

test("a first load that fails leaves no empty warehouse behind, nor the folders made for it", async () => {
  const fresh = join(dir, "new", "deeper", "warehouse.duckdb");
  const { code } = await run(["--db", `duckdb:${fresh}`, "--data", join(dir, "nowhere")]);
  assert.equal(code, 1);
  assert.equal(existsSync(join(dir, "new")), false);
});

test("a load waits for another process to let go of the DuckDB file, and loads once it has", async () => {
  const file = join(dir, "held.duckdb");
  assert.equal((await run(["--db", `duckdb:${file}`])).code, 0);
  const holder = await holdDuckDB(file, { readOnly: true });
  try {
    const waiting = new RegExp(
      `^the warehouse is open in process ${holder.process.pid} \\(.*node.*\\): waiting up to 20 s for it to let go\n$`,
    );
    const { code, stdout, stderr } = await runReleasingWhenWaiting(
      ["--import", "tsx", CLI, "--db", `duckdb:${file}`, "--wait", "20"],
      { ...process.env, SALES_DB: "" },
      holder,
      waiting,
    );
    assert.equal(code, 0, stderr);
    assert.match(stderr, waiting);
    assert.match(stdout, /^loaded 932 rows /);
  } finally {
    await holder.release();
  }
});

test("a load refuses a file held past its wait, or at once with --wait 0, saying who holds it; --wait takes whole seconds", async () => {
  const file = join(dir, "held.duckdb");
  const holder = await holdDuckDB(file, { readOnly: true });
  try {
    const started = Date.now();
    const waited = await run(["--db", `duckdb:${file}`, "--wait", "1"]);
    assert.equal(waited.code, 1);
    assert.ok(Date.now() - started >= 1000);
    assert.match(
      waited.stderr,
      new RegExp(
        `warehouse: the warehouse .*held\\.duckdb is open in process ${holder.process.pid} .*\\(waited 1 s\\)\n`,
      ),
    );
    const atOnce = await run(["--db", `duckdb:${file}`, "--wait", "0"]);
    assert.equal(atOnce.code, 1);
    assert.doesNotMatch(atOnce.stderr, /waiting|waited/);
    assert.match(atOnce.stderr, new RegExp(`is open in process ${holder.process.pid} `));
  } finally {
    await holder.release();
  }
  const bad = await run(["--db", `duckdb:${file}`, "--wait", "soon"]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--wait must be a whole number from 0 to 86400, not "soon"/);
});
