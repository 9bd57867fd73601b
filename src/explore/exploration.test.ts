import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { createPostgresDatabase, postgresUnavailable, type ScratchDatabase } from "../db/testing.js";
import { DATA_DIR } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";
import { analysisContext } from "../notebook/warehouse.js";
import { analyseExploration, explorationFigures, niceStep, type ExplorationFigures } from "./exploration.js";
import { commentaryMarkdown } from "../analyse/commentary/commentary.js";

let db: Database;
let all: ExplorationFigures;

before(async () => {
  db = await connect("duckdb::memory:");
  await loadWarehouse(db, { dataDir: DATA_DIR });
  all = await explorationFigures(await analysisContext(db, { dataDir: DATA_DIR }));
});
after(() => db.close());

describe("exploring the whole extract", () => {
  test("counts 196 orders worth $386,424.23 over 518 lines", () => {
    assert.deepEqual([all.orders, all.sales, all.lines, all.units], [196, 386424.23, 518, 12743]);
  });

  test("puts a typical order at the median, $1,336.15, below the mean of $1,971.55", () => {
    assert.equal(all.order_value!.median, 1336.15);
    assert.equal(all.order_value!.mean, 1971.55);
    assert.deepEqual([all.order_value!.min, all.order_value!.max], [60, 15353.6]);
  });

  test("bins every order exactly once: the bins add up to 196 orders and the total sales", () => {
    assert.equal(all.bin_width, 1000);
    assert.equal(
      all.order_value_bins.reduce((a, b) => a + b.orders, 0),
      196,
    );
    assert.equal(Math.round(all.order_value_bins.reduce((a, b) => a + b.sales, 0) * 100) / 100, 386424.23);
    assert.equal(all.order_value_bins.at(-1)!.to, null, "the largest orders share the last bin");
  });

  test("counts lines per order from 1 to 5", () => {
    assert.deepEqual(all.lines_per_order, [
      { lines: 1, orders: 28 },
      { lines: 2, orders: 67 },
      { lines: 3, orders: 58 },
      { lines: 4, orders: 33 },
      { lines: 5, orders: 10 },
    ]);
  });

  test("lists eight months, February 1997 only partly in the data, and none without orders", () => {
    assert.deepEqual(
      all.monthly.map((m) => m.month),
      ["1996-07", "1996-08", "1996-09", "1996-10", "1996-11", "1996-12", "1997-01", "1997-02"],
    );
    assert.deepEqual(
      all.monthly.filter((m) => m.partial).map((m) => m.month),
      ["1997-02"],
    );
    assert.equal(
      all.monthly.reduce((a, m) => a + m.orders, 0),
      196,
    );
    assert.deepEqual(all.gaps.months_without_orders, []);
  });

  test("counts each month's customers as bits on DuckDB, the same customers as COUNT(DISTINCT)", async () => {
    const ctx = await analysisContext(db, { dataDir: DATA_DIR });
    const figures = await explorationFigures(ctx);
    assert.match(
      ctx.sql.log.find((q) => q.name === "explore/monthly")!.sql,
      /bitstring_agg\(t\.customer_id, \d+, \d+\)/,
    );
    const truth = await db.query<{ month: string; customers: number }>(
      "SELECT strftime(order_date, '%Y-%m') AS month, COUNT(DISTINCT customer_id) AS customers FROM order_sales GROUP BY 1 ORDER BY 1",
    );
    assert.deepEqual(
      figures.monthly.map((m) => [m.month, m.customers]),
      truth.map((t) => [t.month, Number(t.customers)]),
    );
    assert.equal(figures.monthly[0].customers, 20);
  });

  test("refuses to call a season on 7.3 months of history, and says so", async () => {
    assert.equal(all.seasonality.enough_history, false);
    const result = await analyseExploration(await analysisContext(db, { dataDir: DATA_DIR }));
    assert.match(commentaryMarkdown(result.commentary), /Seasonality cannot be judged yet: the data spans 7\.3 months/);
    assert.ok(!result.charts.some((c) => c.id === "exploration-month-of-year"), "no month-of-year chart to over-read");
  });

  test("finds orders on weekdays only: 160 order days in 224, every weekday covered", () => {
    assert.deepEqual(
      all.weekdays.map((w) => w.orders),
      [41, 39, 38, 40, 38, 0, 0],
    );
    assert.deepEqual(
      [all.gaps.first_day, all.gaps.last_day, all.gaps.calendar_days, all.gaps.order_days],
      ["1996-07-04", "1997-02-12", 224, 160],
    );
    assert.equal(all.gaps.weekdays_without_orders, 0);
  });
});

test("a period and filters narrow every figure: Germany in 1997-01 is 2 orders worth $3,761.00", async () => {
  const f = await explorationFigures(
    await analysisContext(db, { period: "1997-01", country: "germany", dataDir: DATA_DIR }),
  );
  assert.deepEqual(f.filters, { country: "Germany" });
  assert.deepEqual([f.orders, f.sales], [2, 3761]);
  assert.deepEqual(
    f.monthly.map((m) => [m.month, m.orders]),
    [["1997-01", 2]],
  );
  assert.deepEqual(f.gaps.longest[0], { after: "1997-01-07", before: "1997-01-17", days: 9 });
});

test("a period without orders explores to nothing rather than failing", async () => {
  const f = await analyseExploration(await analysisContext(db, { period: "1995-01", dataDir: DATA_DIR }));
  assert.equal(f.figures.orders, 0);
  assert.deepEqual(f.figures.order_value_bins, []);
  assert.match(commentaryMarkdown(f.commentary), /There are no orders in 1995-01/);
});

test("bin widths are 1, 2, 2.5 or 5 times a power of ten", () => {
  assert.deepEqual([0.7, 3, 21, 240, 705.9, 4000].map(niceStep), [1, 5, 25, 250, 1000, 5000]);
});

const skip = await postgresUnavailable();

test("PostgreSQL computes the same exploration as DuckDB", { skip }, async () => {
  let scratch: ScratchDatabase | undefined;
  let pg: Database | undefined;
  try {
    scratch = await createPostgresDatabase("explore");
    pg = await connect(scratch.url);
    await loadWarehouse(pg, { dataDir: DATA_DIR });
    const there = await explorationFigures(await analysisContext(pg, { dataDir: DATA_DIR }));
    assert.deepEqual(there, all);
  } finally {
    await pg?.close();
    await scratch?.drop();
  }
});
