import assert from "node:assert/strict";
import { mkdtempSync, realpathSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { connect } from "../db/connect.js";
import { copyExtract, editLine } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";
import { ensureWarehouse } from "./warehouse.js";

test("the report reloads an embedded warehouse that lacks what this version reads, and reuses a complete one", async () => {
  const db = await connect("duckdb::memory:");
  try {
    assert.equal((await ensureWarehouse(db, "data", { embedded: true })).loaded, true);
    assert.equal((await ensureWarehouse(db, "data", { embedded: true })).loaded, false);
    await db.exec("DROP TABLE order_sales");
    const again = await ensureWarehouse(db, "data", { embedded: true });
    assert.equal(again.loaded, true);
    assert.equal(again.contents.sales, 386424.23);
    assert.equal(await db.exists("order_sales"), true);
  } finally {
    await db.close();
  }
});

test("a server warehouse without order_sales is refused with how to load it", async () => {
  const db = await connect("duckdb::memory:");
  try {
    await ensureWarehouse(db, "data", { embedded: true });
    await db.exec("DROP TABLE order_sales");
    await assert.rejects(
      ensureWarehouse(db, "data", { embedded: false }),
      /has no order_sales: load it \(again\) with npm run warehouse -- --db URL/,
    );
  } finally {
    await db.close();
  }
});

describe("a warehouse the user loaded from other files", () => {
  let other: ReturnType<typeof copyExtract>;
  let dir: string;
  let url: string;
  let otherSales: number;
  before(async () => {
    // Another extract: every quantity of the first order line doubled, so its total differs from data/'s.
    other = copyExtract();
    editLine(other.dir, "OrderDetails.csv", 2, (line) =>
      line.replace(/,(\d+)([^,]*)$/, (_, q, pad) => `,${2 * q}${pad}`),
    );
    dir = mkdtempSync(join(tmpdir(), "report-warehouse-"));
    url = `duckdb:${join(dir, "warehouse.duckdb")}`;
  });
  after(() => {
    other.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    rmSync(join(dir, "warehouse.duckdb"), { force: true });
    const db = await connect(url);
    try {
      await loadWarehouse(db, { dataDir: other.dir });
      otherSales = (await db.query<{ s: number }>("SELECT SUM(sales) AS s FROM sales_lines"))[0].s;
    } finally {
      await db.close();
    }
  });
  const ensure = async (dataDir: string, options: { reload?: boolean; dataGiven?: boolean; asIs?: boolean }) => {
    const db = await connect(url);
    try {
      return await ensureWarehouse(db, dataDir, { embedded: true, ...options });
    } finally {
      await db.close();
    }
  };

  test("is used as it is with the default --data, and the notice names the folder it came from", async () => {
    assert.notEqual(otherSales, 386424.23);
    const state = await ensure("data", {});
    assert.equal(state.loaded, false);
    assert.equal(state.contents.sales, otherSales);
    assert.equal(state.dataDir, realpathSync(other.dir));
    assert.match(state.notice ?? "", /was loaded from .+extract-.+, not from data: using it as it is \(--reload/);
    assert.ok(state.fingerprint, "its files are unchanged, so the pack can name them");
  });

  test("is never loaded as it is asked for by the API's report jobs, even with a data folder given", async () => {
    const state = await ensure("data", { dataGiven: true, asIs: true });
    assert.equal(state.loaded, false);
    assert.equal(state.contents.sales, otherSales);
    assert.equal(state.dataDir, null, "the cost assumptions come from the folder the caller gave");
    assert.equal(state.notice, null);
  });

  test("is loaded from --data when --data is given", async () => {
    const given = await ensure("data", { dataGiven: true });
    assert.equal(given.loaded, true);
    assert.equal(given.contents.sales, 386424.23);
    assert.match(given.notice ?? "", /loaded from .+extract-.+: loading data into it/);
  });

  test("--reload loads the default data folder into it", async () => {
    const state = await ensure("data", { reload: true });
    assert.equal(state.loaded, true);
    assert.equal(state.contents.sales, 386424.23);
  });

  test("is reused when loaded from those same files, and loaded again once they change", async () => {
    const same = await ensure(other.dir, {});
    assert.equal(same.loaded, false);
    assert.equal(same.notice, null);
    utimesSync(join(other.dir, "Orders.csv"), new Date(), new Date(2001, 0, 1));
    const changed = await ensure(other.dir, {});
    assert.equal(changed.loaded, true);
    assert.match(changed.notice ?? "", /changed since the warehouse was loaded \(Orders\.csv\): loading it again/);
  });

  test("is used as it is when an earlier version kept no record of its files", async () => {
    const db = await connect(url);
    await db.exec("DROP TABLE load_source");
    await db.close();
    const state = await ensure("data", {});
    assert.equal(state.loaded, false);
    assert.equal(state.contents.sales, otherSales);
    assert.match(state.notice ?? "", /does not record which files it was loaded from/);
  });
});
