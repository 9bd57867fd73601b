import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { analyseCustomers } from "../analyses/customers/customers.js";
import { generateDataset } from "../generate/generate.js";
import { copyExtract, DATA_DIR, editLines, EXTRACT_FIGURES, figures, fingerprint } from "../load/testing.js";
import { analysisContext } from "../notebook/warehouse.js";
import { reportHtml } from "../render/html.js";
import { reportView } from "../render/model.js";
import { sampleRun } from "../render/sample.js";
import { MANIFEST, type ScrapeManifest } from "./output.js";
import { startReplica, type Replica } from "./replica/server.js";
import { closeSharedBrowser, scrapeReplica, scratch, sharedBrowser, warehouseIn } from "./testing.js";

// Browser mode against the replica's tryit page; every test shares one Chromium.

const work = scratch("scrape-browser-");
let replica: Replica;
before(async () => {
  replica = await startReplica();
});
after(async () => {
  await replica?.close();
  await closeSharedBrowser();
  work.dispose();
});

test("scraping the extract's tryit replica in browser mode, then loading, gives exactly the extract's figures", async () => {
  const out = join(work.dir, "extract");
  const { url: db } = await warehouseIn(work.dir, "extract").then(async (w) => (await w.db.close(), w));
  const { manifest } = await scrapeReplica({
    url: replica.url,
    out,
    mode: "browser",
    browser: await sharedBrowser(),
    load: true,
    db,
  });
  assert.deepEqual(
    manifest.files.map((f) => [f.file, f.rows, f.recordsShown, f.siteCount]),
    [
      ["Customers.csv", 91, 91, 91],
      ["categories.csv", 8, 8, 8],
      ["Employees.csv", 10, 10, 10],
      ["Shippers.csv", 3, 3, 3],
      ["Suppliers.csv", 29, 29, 29],
      ["Products.csv", 77, 77, 77],
      ["Orders.csv", 196, 196, 196],
      ["OrderDetails.csv", 518, 518, 518],
    ],
  );
  assert.equal(manifest.mode, "browser");
  assert.equal(manifest.source, replica.url);
  const onDisk = JSON.parse(readFileSync(join(out, MANIFEST), "utf8")) as ScrapeManifest;
  for (const f of onDisk.files)
    assert.equal(
      createHash("sha256")
        .update(readFileSync(join(out, f.file)))
        .digest("hex"),
      f.sha256,
      f.file,
    );
  assert.match(
    readFileSync(join(out, "Orders.csv"), "utf8"),
    /^OrderID,CustomerID,EmployeeID,OrderDate,ShipperID\n10248,90,5,1996-07-04,3\n/,
  );

  const { db: warehouse } = await warehouseIn(work.dir, "extract");
  const direct = await warehouseIn(work.dir, "extract-direct", DATA_DIR);
  try {
    const got = await figures(warehouse);
    assert.equal(got.total, EXTRACT_FIGURES.total);
    assert.equal(got.orders, 196);
    assert.deepEqual(got.topCustomer, EXTRACT_FIGURES.topCustomer);
    assert.deepEqual(got.topCountry, EXTRACT_FIGURES.topCountry);
    assert.deepEqual(got.topProduct, EXTRACT_FIGURES.topProduct);
    assert.deepEqual(got.topEmployee, EXTRACT_FIGURES.topEmployee);
    assert.deepEqual(
      await fingerprint(warehouse),
      await fingerprint(direct.db),
      "the same warehouse as loading data/ directly",
    );
  } finally {
    await warehouse.close();
    await direct.db.close();
  }
});

test("a replica serving 5,000 generated orders scrapes to the same warehouse, table by table, as loading its CSVs", async () => {
  const data = join(work.dir, "generated");
  await generateDataset({ orders: 5000, outDir: data, seed: 7 });
  // The site holds the seven tables and Categories; costs and the planted types are not on it.
  for (const extra of ["ProductCosts.csv", "CustomerTypes.csv"]) rmSync(join(data, extra), { force: true });
  const generated = await startReplica({ dataDir: data });
  try {
    const db = `duckdb:${join(work.dir, "generated-scraped.duckdb")}`;
    const out = join(work.dir, "generated-scrape");
    const { manifest } = await scrapeReplica({
      url: generated.url,
      out,
      mode: "browser",
      browser: await sharedBrowser(),
      load: true,
      db,
    });
    assert.equal(manifest.files.find((f) => f.table === "Orders")?.rows, 5000);
    const { db: scraped } = await warehouseIn(work.dir, "generated-scraped");
    const direct = await warehouseIn(work.dir, "generated-direct", data);
    try {
      assert.deepEqual(await fingerprint(scraped), await fingerprint(direct.db));
    } finally {
      await scraped.close();
      await direct.db.close();
    }
  } finally {
    await generated.close();
  }
});

test("a table cut short is a count mismatch naming the table: nothing is written and the warehouse stays as it was", async () => {
  const faulty = await startReplica({ faults: { cutShort: { table: "Orders", rows: 5 } } });
  const { url: db, db: before } = await warehouseIn(work.dir, "kept", DATA_DIR);
  const kept = await fingerprint(before);
  await before.close();
  const out = join(work.dir, "cut-short");
  try {
    await assert.rejects(
      scrapeReplica({ url: faulty.url, out, mode: "browser", browser: await sharedBrowser(), load: true, db }),
      (error: Error) => {
        assert.equal(error.name, "ScrapeError");
        assert.match(
          error.message,
          new RegExp(`^${escape(faulty.url)} \\(table Orders, selector "#divResultSQL tr"\\): read 191 rows, `),
        );
        assert.match(
          error.message,
          /"Number of Records: 196" and "Your Database" lists 196; nothing was written or loaded/,
        );
        return true;
      },
    );
    assert.equal(existsSync(out), false);
    const { db: after } = await warehouseIn(work.dir, "kept");
    assert.deepEqual(await fingerprint(after), kept);
    await after.close();
  } finally {
    await faulty.close();
  }
});

test("a renamed result table class is an error naming the selector that found nothing", async () => {
  const faulty = await startReplica({ faults: { resultClass: "ws-table-new" } });
  try {
    await assert.rejects(
      scrapeReplica({
        url: faulty.url,
        out: join(work.dir, "renamed"),
        mode: "browser",
        browser: await sharedBrowser(),
      }),
      /\(table Customers, selector "#divResultSQL table\.ws-table-all, table\.w3-table-all"\): the result shows "Number of Records" but no result table/,
    );
  } finally {
    await faulty.close();
  }
});

test("browser mode retries two 500s and succeeds; a page that hangs times out with a clear error", async () => {
  const flaky = await startReplica({ faults: { failFirst: 2 } });
  const hanging = await startReplica({ faults: { hang: true } });
  try {
    const { manifest } = await scrapeReplica({
      url: flaky.url,
      out: join(work.dir, "flaky"),
      mode: "browser",
      browser: await sharedBrowser(),
    });
    assert.equal(manifest.files.length, 8);
    assert.equal(flaky.requests.filter((r) => r.startsWith("/sql/trysql.asp")).length, 3);
    for (const agent of flaky.userAgents)
      assert.match(agent, /^sales-insight-scraper\/\d+\.\d+\.\d+ \(/, "Chromium names the tool too");
    await assert.rejects(
      scrapeReplica({
        url: hanging.url,
        out: join(work.dir, "hang"),
        mode: "browser",
        browser: await sharedBrowser(),
        timeoutMs: 500,
        retries: 1,
      }),
      new RegExp(`${escape(hanging.url)}: no answer within 0\\.5 s \\(timed out\\) \\(2 tries`),
    );
  } finally {
    await flaky.close();
    await hanging.close();
  }
});

test("a redirect to another host is refused in the browser too", async () => {
  const moved = await startReplica({ faults: { redirectTo: "http://localhost:9/sql/trysql.asp" } });
  try {
    await assert.rejects(
      scrapeReplica({ url: moved.url, out: join(work.dir, "moved"), mode: "browser", browser: await sharedBrowser() }),
      {
        name: "RefusedError",
        message: new RegExp(`redirect to http://localhost:9/sql/trysql.asp refused: it leaves 127\\.0\\.0\\.1`),
      },
    );
  } finally {
    await moved.close();
  }
});

test("<script> and {{...}} in a cell are stored as text and escaped in the report", async () => {
  const data = copyExtract();
  const name = "Ernst Handel <script>alert(1)</script> {{constructor}}";
  editLines(data.dir, "Customers.csv", (lines) =>
    lines.map((line) => line.replace(/^20\xa0,Ernst Handel\xa0,/, `20\xa0,${name}\xa0,`)),
  );
  const hostile = await startReplica({ dataDir: data.dir });
  try {
    const db = `duckdb:${join(work.dir, "hostile.duckdb")}`;
    await scrapeReplica({
      url: hostile.url,
      out: join(work.dir, "hostile"),
      mode: "browser",
      browser: await sharedBrowser(),
      load: true,
      db,
    });
    assert.match(
      readFileSync(join(work.dir, "hostile", "Customers.csv"), "utf8"),
      /\n20,Ernst Handel <script>alert\(1\)<\/script> \{\{constructor\}\},/,
    );
    const { db: warehouse } = await warehouseIn(work.dir, "hostile");
    try {
      const [row] = await warehouse.query<{ customer_name: string }>(
        "SELECT customer_name FROM customers WHERE customer_id = 20",
      );
      assert.equal(row.customer_name, name);
      const result = await analyseCustomers(await analysisContext(warehouse));
      const sections = [
        {
          notebook: "03-customers",
          key: result.key,
          title: result.title,
          commentary: result.commentary,
          charts: [],
          tables: result.tables,
        },
      ];
      const html = reportHtml(
        reportView({
          run: sampleRun(sections),
          sections,
          generatedAt: new Date(0),
          provenance: { data: "test", code: "test" },
          database: "duckdb:test",
        }),
      );
      assert.doesNotMatch(html, /<script>alert/);
      assert.match(html, /Ernst Handel &lt;script&gt;alert\(1\)&lt;\/script&gt; \{\{constructor\}\}/);
    } finally {
      await warehouse.close();
    }
  } finally {
    await hostile.close();
    data.dispose();
  }
});

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
