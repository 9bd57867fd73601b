import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { QueryRunner, type Filters } from "../../analyse/analysis.js";
import { extractWarehouse, generatedWarehouse, postgresWarehouse, type TestWarehouse } from "../../analyse/fixtures.js";
import { loadSnapshot, type Snapshot } from "./dataset.js";
import { windowSnapshots } from "./windows.js";

const COLUMNS = ["ids", "orders", "sales", "recency", "tenure", "orderValue", "recent", "prior"] as const;

/** Every snapshot from the windows against a read of the customer features at its date, value by value. */
async function compare(
  w: TestWarehouse,
  asOf: string,
  days: number,
  count: number,
  filters: Filters = {},
): Promise<Snapshot[]> {
  const sql = new QueryRunner(w.db);
  const latest = await loadSnapshot(sql, asOf, days, { filters });
  const from = sql.log.length;
  const snapshots = await windowSnapshots(sql, latest.ids, asOf, days, count, filters);
  assert.deepEqual(
    sql.log.slice(from).map((q) => q.name),
    ["models/customer_windows"],
  );
  assert.equal(snapshots.length, count);
  for (const s of snapshots) {
    // Arrays of its own, as a read's (the backtest may hand them over to a worker thread).
    assert.notEqual(s.ids.buffer, latest.ids.buffer);
    const read = await loadSnapshot(sql, s.asOf, days, { filters });
    assert.equal(s.recentDays, days);
    for (const key of COLUMNS) {
      assert.equal(s[key].length, read[key].length, `${s.asOf} ${key}`);
      for (let i = 0; i < read[key].length; i++)
        if (!Object.is(s[key][i], read[key][i]))
          assert.fail(`${s.asOf} ${key}[${i}]: ${s[key][i]} from the windows, ${read[key][i]} read at the date`);
    }
  }
  return snapshots;
}

describe("the backtest's snapshots from one read of every customer's windows", () => {
  let extract: TestWarehouse;
  let generated: TestWarehouse;
  before(async () => {
    extract = await extractWarehouse();
    generated = await generatedWarehouse();
  });
  after(async () => {
    await extract.dispose();
    await generated.dispose();
  });

  test("are the reads of the customer features at each date, to the bit, oldest first", async () => {
    // Three years of orders, 90-day windows: the oldest snapshot has orders in its window, the one before, and earlier.
    const snapshots = await compare(generated, "1999-06-30", 90, 4);
    assert.deepEqual(
      snapshots.map((s) => s.asOf),
      ["1998-10-03", "1999-01-01", "1999-04-01", "1999-06-30"],
    );
    assert.ok(snapshots[0].orders.some((o) => o > 0) && snapshots[0].prior.some((p) => p > 0));
  });

  test("hold on the extract, with the windows reaching back before its first order", async () => {
    const snapshots = await compare(extract, "1997-02-28", 30, 6);
    // The oldest is at 1996-10-01; its window before (from 1996-08-03) and the orders before that (from the
    // extract's first, 1996-07-04) are read as two windows, the older one everything on or before 1996-08-02.
    assert.equal(snapshots[0].asOf, "1996-10-01");
    assert.ok(snapshots[0].prior.some((p) => p > 0));
    assert.equal(snapshots.at(-1)!.asOf, "1997-02-28");
  });

  test("hold with a country and with a category", async () => {
    await compare(extract, "1997-02-28", 30, 4, { country: "Germany" });
    await compare(extract, "1997-02-28", 30, 4, { category: "Beverages" });
    await compare(generated, "1999-06-30", 90, 3, { country: "Germany", category: "Beverages" });
  });

  test("a count below one is refused", async () => {
    const sql = new QueryRunner(extract.db);
    await assert.rejects(
      windowSnapshots(sql, new Float64Array([1]), "1997-02-28", 30, 0),
      /count must be a whole number >= 1, got 0/,
    );
  });
});

describe("on PostgreSQL", () => {
  let warehouse: TestWarehouse | undefined;
  before(async () => {
    // No server here: the DuckDB tests still cover the SQL.
    warehouse = await postgresWarehouse("windows").catch(() => undefined);
  });
  after(() => warehouse?.dispose());

  test("the snapshots from the windows are the reads at each date", async (t) => {
    if (!warehouse) return t.skip("no PostgreSQL server at 127.0.0.1:5432");
    await compare(warehouse, "1997-02-28", 30, 6);
    await compare(warehouse, "1997-02-28", 30, 4, { country: "Germany", category: "Beverages" });
  });
});
