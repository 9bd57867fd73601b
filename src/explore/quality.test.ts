import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { createPostgresDatabase, postgresUnavailable, type ScratchDatabase } from "../db/testing.js";
import { DATA_DIR } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";
import { analysisContext } from "../notebook/warehouse.js";
import { fileFacts } from "./extract-facts.js";
import { analyseQuality, qualityFigures, type QualityFigures } from "./quality.js";
import { commentaryMarkdown } from "../analyse/commentary/commentary.js";

let db: Database;
let q: QualityFigures;

before(async () => {
  db = await connect("duckdb::memory:");
  await loadWarehouse(db, { dataDir: DATA_DIR });
  q = await qualityFigures(await analysisContext(db, { dataDir: DATA_DIR }));
});
after(() => db.close());

test("counts every table as loaded: 91 customers, 77 products, 196 orders, 518 lines, no costs", () => {
  assert.deepEqual(Object.fromEntries(q.tables.map((t) => [t.table, t.rows])), {
    customers: 91,
    employees: 10,
    shippers: 3,
    suppliers: 29,
    categories: 8,
    products: 77,
    product_costs: 0,
    orders: 196,
    order_details: 518,
  });
});

test("finds the 17 customers who never ordered and no product that never sold", () => {
  assert.equal(q.never_ordered.length, 17);
  assert.equal(q.customers_with_orders, 74);
  assert.deepEqual(q.never_sold, []);
  assert.deepEqual(
    [q.orders_without_lines, q.lines_without_quantity, q.products_without_price, q.products_with_cost],
    [0, 0, 0, 0],
  );
});

test("an order loaded without any line is counted as one", async () => {
  const fresh = await connect("duckdb::memory:");
  try {
    await loadWarehouse(fresh, { dataDir: DATA_DIR });
    await fresh.exec(
      "INSERT INTO orders (order_id, customer_id, employee_id, order_date, shipper_id, source_line) VALUES (99999, 1, 1, DATE '1997-01-15', 1, 999)",
    );
    const again = await qualityFigures(await analysisContext(fresh, { dataDir: DATA_DIR }));
    assert.deepEqual([again.orders_without_lines, again.order_days], [1, 160]);
  } finally {
    await fresh.close();
  }
});

test("spans 1996-07-04 to 1997-02-12 with no month missing, February 1997 only in part", () => {
  assert.deepEqual([q.first_order, q.last_order, q.span_days, q.order_days], ["1996-07-04", "1997-02-12", 224, 160]);
  assert.equal(q.months.length, 8);
  assert.deepEqual(q.months_without_orders, []);
  assert.deepEqual(q.partial_months, [{ month: "1997-02", edge: "end", date: "1997-02-12" }]);
});

test("reads the files as delivered: Windows-1252, CRLF, every field padded with a non-breaking space", () => {
  const customers = q.files.find((f) => f.file === "Customers.csv")!;
  assert.deepEqual(
    {
      encoding: customers.encoding,
      line_endings: customers.line_endings,
      records: customers.records,
      whole: customers.whole,
    },
    { encoding: "Windows-1252", line_endings: "CRLF", records: 91, whole: true },
  );
  assert.equal(customers.trailing_nbsp, 636, "all 637 fields but the one empty postal code");
  assert.ok(customers.examples.includes("Avda. de la Constitución 2222"), customers.examples.join(", "));
  assert.equal(q.files.filter((f) => f.encoding === "Windows-1252").length, 7);
  assert.equal(q.files.find((f) => f.file === "categories.csv")!.encoding, "ASCII");
});

test("writes the findings for the report, and says costs are assumptions", async () => {
  const result = await analyseQuality(await analysisContext(db, { dataDir: DATA_DIR }));
  assert.equal(result.key, "quality");
  assert.match(commentaryMarkdown(result.commentary), /196 orders with 518 order lines from 1996-07-04 to 1997-02-12/);
  assert.match(commentaryMarkdown(result.commentary), /17 customers on file \(18\.7%\) never ordered/);
  assert.match(commentaryMarkdown(result.commentary), /There are no product costs/);
  assert.deepEqual(
    result.tables.map((t) => t.id),
    ["quality-tables", "quality-checks", "quality-files", "quality-never-ordered"],
  );
});

test("a data folder without the files reports no file facts rather than failing", async () => {
  const empty = mkdtempSync(join(tmpdir(), "quality-"));
  try {
    const result = await analyseQuality(await analysisContext(db, { dataDir: empty }));
    assert.deepEqual(result.figures.files, []);
    assert.match(commentaryMarkdown(result.commentary), /extract files are not in the data folder/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test("a file larger than the sample is judged on its first MiB, cut at a line break, and says so", () => {
  const dir = mkdtempSync(join(tmpdir(), "quality-big-"));
  try {
    const path = join(dir, "Orders.csv");
    const header = "OrderID,City,X\n";
    const line = "1,Köln ,2\n";
    writeFileSync(path, header + line.repeat(150_000));
    const facts = fileFacts(path);
    assert.equal(facts.whole, false);
    assert.equal(facts.encoding, "UTF-8");
    assert.equal(facts.line_endings, "LF");
    assert.equal(
      facts.records,
      Math.floor(((1 << 20) - header.length) / Buffer.byteLength(line)),
      "the whole lines of the first MiB",
    );
    assert.equal(facts.padded, facts.records);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

const skip = await postgresUnavailable();

test("PostgreSQL finds the same as DuckDB", { skip }, async () => {
  let scratch: ScratchDatabase | undefined;
  let pg: Database | undefined;
  try {
    scratch = await createPostgresDatabase("quality");
    pg = await connect(scratch.url);
    await loadWarehouse(pg, { dataDir: DATA_DIR });
    assert.deepEqual(await qualityFigures(await analysisContext(pg, { dataDir: DATA_DIR })), q);
  } finally {
    await pg?.close();
    await scratch?.drop();
  }
});
