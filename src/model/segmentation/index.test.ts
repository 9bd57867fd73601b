import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { QueryRunner, type AnalysisContext } from "../../analyse/analysis.js";
import { resolvePeriod } from "../../analyse/period.js";
import type { Database } from "../../db/adapter.js";
import { connect } from "../../db/connect.js";
import { generateDataset } from "../../generate/generate.js";
import { postgresWarehouse, resumOrders, type TestWarehouse } from "../../analyse/fixtures.js";
import { loadWarehouse } from "../../load/warehouse.js";
import { adjustedRandIndex } from "./ari.js";
import type { SegmentationFigures } from "./figures.js";
import { analyseSegments, segmentAll, SEGMENT_NAMES } from "./index.js";
import { commentaryMarkdown } from "../../analyse/commentary/commentary.js";

async function warehouse(dataDir = "data"): Promise<Database> {
  const db = await connect("duckdb::memory:");
  await loadWarehouse(db, { dataDir });
  return db;
}

async function context(
  db: Database,
  period = "all",
  filters: AnalysisContext["filters"] = {},
): Promise<AnalysisContext> {
  return { db, sql: new QueryRunner(db), period: await resolvePeriod(db, period), filters, dataDir: "data" };
}

/** Replaces every order with one order per listed customer, all alike unless told otherwise. */
async function replaceOrders(
  db: Database,
  orders: { customer: number; date: string; quantity: number }[],
): Promise<void> {
  await db.exec("DELETE FROM order_details; DELETE FROM orders;");
  for (const [i, o] of orders.entries()) {
    await db.exec(
      `INSERT INTO orders (order_id, customer_id, employee_id, order_date, shipper_id, source_line) VALUES (${50000 + i}, ${o.customer}, 1, DATE '${o.date}', 1, ${i + 2});
       INSERT INTO order_details (order_detail_id, order_id, product_id, quantity, source_line) VALUES (${60000 + i}, ${50000 + i}, 11, ${o.quantity}, ${i + 2});`,
    );
  }
  await resumOrders(db);
}

const EXTRACT_SEGMENTS: Record<string, [customers: number, sales: number]> = {
  Champions: [11, 154661.31],
  Loyal: [16, 147717.46],
  "Potential loyalists": [7, 10540.15],
  New: [2, 1500.5],
  Promising: [2, 461.46],
  "Need attention": [6, 8039.95],
  "At risk": [16, 43351.8],
  "Cannot lose them": [2, 9111.3],
  Hibernating: [4, 2488.5],
  Lost: [8, 8551.8],
  "No purchase yet": [17, 0],
};

describe("segments of the extract", () => {
  let db: Database;
  before(async () => (db = await warehouse()));
  after(() => db.close());

  test("every one of the 91 customers is in exactly one segment and exactly one cluster group", async () => {
    const s = await segmentAll(await context(db), { trainedAt: "2026-01-01T00:00:00Z" });
    assert.equal(s.customers.length, 91);
    assert.equal(new Set(s.customers.map((c) => c.customer_id)).size, 91);
    assert.equal(
      s.segments.reduce((a, g) => a + g.stats.customers, 0),
      91,
    );
    assert.equal(
      s.clusters.reduce((a, g) => a + g.stats.customers, 0),
      91,
    );
    assert.equal(
      s.crosstab.reduce((a, x) => a + x.customers, 0),
      91,
    );
    assert.equal(s.reference_date, "1997-02-28");
  });

  test("the segment counts and sales are pinned, and add up to 91 customers and $386,424.23", async () => {
    const result = await analyseSegments(await context(db));
    const got = Object.fromEntries(result.figures.map((s) => [s.name, [s.customers, s.sales]]));
    assert.deepEqual(got, EXTRACT_SEGMENTS);
    assert.deepEqual(
      result.figures.map((s) => s.name),
      [...SEGMENT_NAMES],
    );
    assert.equal(Math.round(result.figures.reduce((a, s) => a + s.sales, 0) * 100) / 100, 386424.23);
    assert.ok(Math.abs(result.figures.reduce((a, s) => a + s.sales_share, 0) - 1) < 1e-9);
    assert.ok(Math.abs(result.figures.reduce((a, s) => a + s.customer_share, 0) - 1) < 1e-9);
    const champions = result.figures[0];
    assert.equal(champions.sales_share.toFixed(4), "0.4002");
    assert.equal(champions.customer_share.toFixed(4), "0.1209");
    assert.ok(champions.members.includes("Ernst Handel"));
  });

  test("the RFM scores match an independent computation in SQL with window functions", async () => {
    const s = await segmentAll(await context(db));
    const rows = await db.query<{ customer_id: number; r: number; f: number; m: number; segment: string }>(`
      WITH b AS (
        SELECT customer_id, COUNT(DISTINCT order_id) AS f, SUM(sales) AS m, date_diff('day', MAX(order_date), DATE '1997-02-28') AS r
        FROM sales_lines GROUP BY customer_id
      ), s AS (
        SELECT customer_id,
          LEAST(5, 1 + FLOOR(5 * (RANK() OVER (ORDER BY -r) - 1 + COUNT(*) OVER (PARTITION BY r) / 2.0) / COUNT(*) OVER ())) AS r,
          LEAST(5, 1 + FLOOR(5 * (RANK() OVER (ORDER BY f) - 1 + COUNT(*) OVER (PARTITION BY f) / 2.0) / COUNT(*) OVER ())) AS f,
          LEAST(5, 1 + FLOOR(5 * (RANK() OVER (ORDER BY m) - 1 + COUNT(*) OVER (PARTITION BY m) / 2.0) / COUNT(*) OVER ())) AS m
        FROM b
      ), g AS (SELECT *, CAST(CEIL((f + m) / 2.0) AS INTEGER) AS fm FROM s)
      SELECT customer_id, CAST(r AS INTEGER) AS r, CAST(f AS INTEGER) AS f, CAST(m AS INTEGER) AS m,
        CASE WHEN r = 5 AND fm >= 4 THEN 'Champions' WHEN r IN (3, 4) AND fm >= 4 THEN 'Loyal'
             WHEN r >= 4 AND fm IN (2, 3) THEN 'Potential loyalists' WHEN r = 5 THEN 'New' WHEN r = 4 THEN 'Promising'
             WHEN r = 3 THEN 'Need attention' WHEN fm = 5 THEN 'Cannot lose them' WHEN fm >= 3 THEN 'At risk'
             WHEN r = 2 THEN 'Hibernating' ELSE 'Lost' END AS segment
      FROM g ORDER BY customer_id`);
    assert.equal(rows.length, 74);
    const js = new Map(s.customers.map((c) => [c.customer_id, c]));
    for (const row of rows) {
      const c = js.get(row.customer_id)!;
      assert.deepEqual(
        [c.rfm?.r, c.rfm?.f, c.rfm?.m, c.segment],
        [row.r, row.f, row.m, row.segment],
        `customer ${row.customer_id}`,
      );
    }
  });

  test("figures.json gets the segments array, the segmentation details and the model", async () => {
    const result = await analyseSegments(await context(db), { trainedAt: "2026-01-01T00:00:00Z" });
    assert.equal(result.key, "segments");
    for (const s of result.figures) {
      assert.equal(s.kind, "rfm");
      assert.equal(typeof s.action.offer, "string");
      assert.ok(s.action.channel && s.action.timing);
    }
    const seg = result.extraFigures!.segmentation as SegmentationFigures;
    assert.equal(seg.customers, 91);
    assert.equal(seg.buyers, 74);
    assert.equal(seg.reference_date, "1997-02-28");
    assert.ok(seg.k >= 2 && seg.k <= 8);
    assert.equal(seg.silhouette_by_k.length, 7);
    assert.ok(seg.clusters.every((c) => c.kind === "cluster" && c.action.offer.length > 0));
    assert.equal(
      seg.clusters.reduce((a, c) => a + c.customers, 0),
      91,
    );
    assert.ok(seg.stability.across_seeds_ari !== null && seg.stability.bootstrap_ari !== null);
    assert.equal(seg.thresholds[0].recency_days_at_most, 30);
    assert.equal(seg.thresholds[0].orders_at_least, 4);
    assert.equal(seg.thresholds[0].sales_at_least, 7963.75);
    const model = result.models!.segmentation as { reference_date: string; version: number; clusters: { k: number } };
    assert.equal(model.reference_date, "1997-02-28");
    assert.equal(model.version, 1);
    assert.equal(model.clusters.k, seg.k);
  });

  test("the commentary states the segments, their actions and the small-data caveat", async () => {
    const { commentary: typed, tables, charts } = await analyseSegments(await context(db));
    const commentary = commentaryMarkdown(typed);
    assert.match(
      commentary,
      /\*\*Finding\.\*\* Champions bring the most sales: 11 customers \(12\.1% of customers\) account for 40\.0% of sales\./,
    );
    assert.match(commentary, /74 buyers and 17 customers with no purchase yet/);
    assert.match(commentary, /Small data: with 74 buyers/);
    assert.match(commentary, /adjusted Rand index/);
    assert.deepEqual(
      tables.map((t) => t.id),
      ["segments", "segment-actions", "clusters", "rfm-thresholds", "cluster-choice", "segment-customers"],
    );
    assert.equal(tables.find((t) => t.id === "segment-customers")!.rows.length, 91);
    assert.deepEqual(
      charts.map((c) => c.id),
      ["segments-share", "segments-grid", "clusters-share"],
    );
  });

  test("two runs on the same data give the same figures, tables and model", async () => {
    const a = await analyseSegments(await context(db), { trainedAt: "2026-01-01T00:00:00Z" });
    const b = await analyseSegments(await context(db), { trainedAt: "2026-01-01T00:00:00Z" });
    assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)));
  });

  test("one-order customers share one frequency score", async () => {
    const s = await segmentAll(await context(db));
    const oneOrder = s.customers.filter((c) => c.orders === 1);
    assert.ok(oneOrder.length > 10);
    assert.deepEqual(new Set(oneOrder.map((c) => c.rfm!.f)), new Set([1]));
  });

  test("a country filter segments that country's customers only, every one in one segment", async () => {
    const result = await analyseSegments(await context(db, "all", { country: "Germany" }));
    const seg = result.extraFigures!.segmentation as SegmentationFigures;
    assert.equal(
      result.figures.reduce((a, s) => a + s.customers, 0),
      seg.customers,
    );
    assert.ok(seg.customers === 11, `Germany has 11 customers, got ${seg.customers}`);
    assert.ok(seg.clusters.filter((c) => c.customers > 0).every((c) => c.profile.top_countries[0].name === "Germany"));
  });
});

describe("segments at the edges", () => {
  test("an empty period puts every customer in No purchase yet and still writes a model", async () => {
    const db = await warehouse();
    try {
      const result = await analyseSegments(await context(db, "1990"));
      const none = result.figures.find((s) => s.name === "No purchase yet")!;
      assert.equal(none.customers, 91);
      assert.ok(
        result.figures
          .filter((s) => s.name !== "No purchase yet")
          .every((s) => s.customers === 0 && s.sales_share === 0),
      );
      const seg = result.extraFigures!.segmentation as SegmentationFigures;
      assert.equal(seg.k, 0);
      assert.match(commentaryMarkdown(result.commentary), /No customer has ordered up to 1990-12-31/);
      assert.ok(result.models!.segmentation);
    } finally {
      await db.close();
    }
  });

  test("ties in every score put every buyer in the middle, in one cluster", async () => {
    const db = await warehouse();
    try {
      await replaceOrders(
        db,
        [1, 2, 3, 4, 5, 6].map((customer) => ({ customer, date: "1997-01-15", quantity: 5 })),
      );
      const s = await segmentAll(await context(db, "1997-01"));
      const buyers = s.customers.filter((c) => c.rfm);
      assert.equal(buyers.length, 6);
      assert.ok(buyers.every((c) => c.rfm!.code === "333" && c.segment === "Need attention" && c.cluster === 1));
      assert.equal(s.fit.k, 1);
      assert.equal(s.customers.filter((c) => c.segment === "No purchase yet").length, 85);
    } finally {
      await db.close();
    }
  });

  test("a single country and three buyers still give every customer one segment", async () => {
    const db = await warehouse();
    try {
      await db.exec("UPDATE customers SET country = 'Germany'");
      await replaceOrders(db, [
        { customer: 1, date: "1997-01-02", quantity: 1 },
        { customer: 2, date: "1997-01-15", quantity: 10 },
        { customer: 3, date: "1997-01-30", quantity: 100 },
      ]);
      const result = await analyseSegments(await context(db, "1997-01"));
      assert.equal(
        result.figures.reduce((a, s) => a + s.customers, 0),
        91,
      );
      const s = await segmentAll(await context(db, "1997-01"));
      assert.deepEqual(
        s.customers.filter((c) => c.rfm).map((c) => c.rfm!.code),
        ["131", "333", "535"],
      );
      const seg = result.extraFigures!.segmentation as SegmentationFigures;
      assert.ok(
        seg.clusters.every(
          (c) => c.profile.top_countries[0].name === "Germany" && c.profile.top_countries[0].share === 1,
        ),
      );
    } finally {
      await db.close();
    }
  });
});

describe("clusters on generated data with planted customer types", () => {
  let dir: string;
  let db: Database;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "segments-planted-"));
    await generateDataset({ orders: 4000, customers: 500, seed: 42, outDir: dir });
    db = await warehouse(dir);
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("the clusters recover the planted types with an adjusted Rand index of at least 0.8", async () => {
    const s = await segmentAll(await context(db));
    const types = new Map(
      readFileSync(join(dir, "CustomerTypes.csv"), "utf8")
        .trim()
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(","))
        .map(([id, type]) => [Number(id), type.trim()]),
    );
    assert.equal(types.size, 500);
    const ari = adjustedRandIndex(
      s.customers.map((c) => String(c.cluster ?? "none")),
      s.customers.map((c) => types.get(c.customer_id)!),
    );
    assert.ok(ari >= 0.8, `ARI ${ari.toFixed(3)} with k = ${s.fit.k}`);
    // Measured, and far from chance; how high depends on the data (reported in figures.json).
    assert.ok(
      s.fit.stability.across_seeds_ari! > 0.6 && s.fit.stability.bootstrap_ari! > 0.6,
      JSON.stringify(s.fit.stability),
    );
  });
});

describe("segments on PostgreSQL", () => {
  let pgWarehouse: TestWarehouse | undefined;
  let db: Database | undefined;
  before(async () => {
    // No server here: the DuckDB tests still cover the segmentation.
    pgWarehouse = await postgresWarehouse("segments").catch(() => undefined);
    db = pgWarehouse?.db;
  });
  after(() => pgWarehouse?.dispose());

  test("PostgreSQL gives the same segments, clusters and model as DuckDB", async (t) => {
    if (!db) return t.skip("no PostgreSQL server at 127.0.0.1:5432");
    const duck = await warehouse();
    try {
      const pg = await analyseSegments(await context(db), { trainedAt: "2026-01-01T00:00:00Z" });
      const dk = await analyseSegments(await context(duck), { trainedAt: "2026-01-01T00:00:00Z" });
      assert.deepEqual(Object.fromEntries(pg.figures.map((s) => [s.name, [s.customers, s.sales]])), EXTRACT_SEGMENTS);
      assert.deepEqual(JSON.parse(JSON.stringify(pg.figures)), JSON.parse(JSON.stringify(dk.figures)));
      assert.deepEqual(JSON.parse(JSON.stringify(pg.models)), JSON.parse(JSON.stringify(dk.models)));
    } finally {
      await duck.close();
    }
  });
});
