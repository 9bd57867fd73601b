import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { DATA_DIR } from "../load/testing.js";
import { analysisContext, closeWarehouses, filtersOf, openWarehouse } from "./warehouse.js";

const scratch = mkdtempSync(join(tmpdir(), "notebook-warehouse-"));
const file = join(scratch, "warehouse.duckdb");
after(async () => {
  await closeWarehouses();
  rmSync(scratch, { recursive: true, force: true });
});

test("an empty warehouse is loaded from the extracts, then opened read-only, once per URL", async () => {
  const printed: string[] = [];
  const log = console.log;
  console.log = (s: string) => printed.push(s);
  let db;
  try {
    db = await openWarehouse(`duckdb:${file}`, { dataDir: DATA_DIR });
  } finally {
    console.log = log;
  }
  assert.ok(existsSync(file));
  assert.match(printed[0], /^The warehouse was empty: loaded \d+ rows from /);
  assert.equal(db.label, `duckdb:${file} (read-only)`);
  assert.deepEqual(await db.query("SELECT SUM(sales) AS sales FROM sales_lines"), [{ sales: 386424.23 }]);
  await assert.rejects(db.exec("DELETE FROM orders"), /read-only/i);
  assert.equal(await openWarehouse(`duckdb:${file}`), db, "a rerun cell gets the same connection");
});

test("a notebook whose extracts fail to load leaves no empty warehouse file for the next run to take as loaded", async () => {
  const fresh = join(scratch, "never", "warehouse.duckdb");
  await assert.rejects(openWarehouse(`duckdb:${fresh}`, { dataDir: join(scratch, "no-extracts") }), /does not exist/);
  assert.equal(existsSync(join(scratch, "never")), false);
});

test("while a notebook reads the file, another process can read it too", () => {
  const count = execFileSync(
    process.execPath,
    [
      "-e",
      `const { DuckDBInstance } = require("@duckdb/node-api");
       (async () => { const i = await DuckDBInstance.create(":memory:"); const c = await i.connect();
         await c.run(${JSON.stringify(`ATTACH '${file}' AS w (READ_ONLY)`)});
         process.stdout.write(String((await c.runAndReadAll("SELECT COUNT(*) FROM w.orders")).getRows()[0][0])); })();`,
    ],
    { cwd: process.cwd() },
  ).toString();
  assert.equal(count, "196");
});

test("closing the notebooks' warehouses lets the next open start afresh", async () => {
  const before = await openWarehouse(`duckdb:${file}`);
  await closeWarehouses();
  assert.notEqual(await openWarehouse(`duckdb:${file}`), before);
});

test("the notebook's parameters become a checked context: null filters vanish, names are matched", async () => {
  assert.deepEqual(filtersOf({ country: null, category: "" }), {});
  const db = await openWarehouse(`duckdb:${file}`);
  const ctx = await analysisContext(db, { period: "1997-Q1", country: "usa", category: null, dataDir: DATA_DIR });
  assert.deepEqual(ctx.filters, { country: "USA" });
  assert.deepEqual([ctx.period.start, ctx.period.end], ["1997-01-01", "1997-04-01"]);
  assert.equal(ctx.dataDir, DATA_DIR);
  await assert.rejects(
    analysisContext(db, { country: "Atlantis" }),
    /Unknown country "Atlantis": expected one of Argentina, Austria/,
  );
  await assert.rejects(
    analysisContext(db, { country: "Germny", category: "Beverage" }),
    /Unknown country "Germny" \(did you mean Germany\?\): expected one of/,
  );
  await assert.rejects(
    analysisContext(db, { category: "Bevrages" }),
    /Unknown category "Bevrages" \(did you mean Beverages\?\): expected one of/,
  );
});
