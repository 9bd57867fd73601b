import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { DATA_DIR, extractLessLastLine, loadByCommand } from "../load/testing.js";
import { analysis } from "./analysis.js";
import { closeWarehouses, NOTEBOOK_IDLE_MS, openWarehouse } from "./warehouse.js";

const scratch = mkdtempSync(join(tmpdir(), "notebook-analysis-"));
const url = `duckdb:${join(scratch, "warehouse.duckdb")}`;
const lessLastLine = extractLessLastLine();
after(async () => {
  await closeWarehouses();
  lessLastLine.dispose();
  rmSync(scratch, { recursive: true, force: true });
});

/** The overview's sales over all the data, computed live as a notebook in Jupyter does. */
async function totalSales(): Promise<number> {
  const overview = await analysis("overview", { db: url, data: DATA_DIR });
  return (overview.figures as { total_sales: number }).total_sales;
}

test("a kernel lets go of an embedded warehouse once its analyses idle, so the warehouse command reloads it and the next analysis reads the new load", async () => {
  assert.equal(await totalSales(), 386424.23);

  const meanwhile = loadByCommand(lessLastLine.dir, url);
  assert.equal(meanwhile.status, 1, "right after an analysis the kernel still holds the file");
  assert.match(meanwhile.stderr, new RegExp(`is open in process ${process.pid} `));

  await sleep(NOTEBOOK_IDLE_MS + 500);
  const idle = loadByCommand(lessLastLine.dir, url);
  assert.equal(idle.status, 0, idle.stderr);
  // The extract's last line, 12 of product 28 at $45.60, is gone.
  assert.equal(await totalSales(), 385877.03);
});

test("a connection the notebook opened itself stays open while it idles, until closeWarehouses", async () => {
  const db = await openWarehouse(url);
  assert.equal(await totalSales(), 385877.03);
  await sleep(NOTEBOOK_IDLE_MS + 500);
  assert.equal(loadByCommand(DATA_DIR, url).status, 1);
  assert.deepEqual(await db.query("SELECT CAST(COUNT(*) AS INTEGER) AS orders FROM orders"), [{ orders: 196 }]);

  await closeWarehouses();
  const reload = loadByCommand(DATA_DIR, url);
  assert.equal(reload.status, 0, reload.stderr);
  assert.equal(await totalSales(), 386424.23);
});
