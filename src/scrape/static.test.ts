import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { DATA_DIR, EXTRACT_FIGURES, figures, fingerprint } from "../load/testing.js";
import { Budget, resolveLimits } from "./limits.js";
import { Fetcher } from "./fetch.js";
import { MANIFEST } from "./output.js";
import { hostPolicy } from "./policy.js";
import { probeMode } from "./probe.js";
import { startReplica, type Replica } from "./replica/server.js";
import { scrapeReplica, scratch, warehouseIn } from "./testing.js";

// Static mode against the replica's server-rendered pages, and what both modes share (robots, hosts, folders).

const work = scratch("scrape-static-");
let replica: Replica;
before(async () => {
  replica = await startReplica({ pageSize: 100 });
});
after(async () => {
  await replica?.close();
  work.dispose();
});

const fresh = (name: string) => join(work.dir, name);

test("scraping the extract's static replica, following next links, then loading, gives exactly the extract's figures", async () => {
  const out = fresh("extract");
  const db = `duckdb:${join(work.dir, "extract.duckdb")}`;
  const progress: string[] = [];
  const { manifest } = await scrapeReplica({
    url: replica.staticUrl,
    out,
    mode: "static",
    load: true,
    db,
    onProgress: (p) => progress.push(p.message),
  });
  assert.equal(manifest.mode, "static");
  assert.deepEqual(manifest.siteCounts, {
    Customers: 91,
    Categories: 8,
    Employees: 10,
    Shippers: 3,
    Suppliers: 29,
    Products: 77,
    Orders: 196,
    OrderDetails: 518,
  });
  assert.equal(
    replica.requests.filter((r) => r.startsWith("/static/OrderDetails?page=")).length,
    6,
    "518 rows in pages of 100",
  );
  assert.ok(progress.includes("OrderDetails: 300 of 518 rows"));
  const { db: warehouse } = await warehouseIn(work.dir, "extract");
  const direct = await warehouseIn(work.dir, "direct", DATA_DIR);
  try {
    const got = await figures(warehouse);
    assert.equal(got.total, EXTRACT_FIGURES.total);
    assert.equal(got.orders, EXTRACT_FIGURES.orders);
    assert.deepEqual(got.topCustomer, EXTRACT_FIGURES.topCustomer);
    assert.deepEqual(got.topCountry, EXTRACT_FIGURES.topCountry);
    assert.deepEqual(got.topProduct, EXTRACT_FIGURES.topProduct);
    assert.deepEqual(got.topEmployee, EXTRACT_FIGURES.topEmployee);
    assert.deepEqual(await fingerprint(warehouse), await fingerprint(direct.db));
  } finally {
    await warehouse.close();
    await direct.db.close();
  }
});

test("auto mode picks the browser for a tryit page and static for linked tables", async () => {
  const limits = resolveLimits({ rateLimitMs: 0 });
  const fetcher = new Fetcher(hostPolicy(["127.0.0.1"]), new Budget(replica.url, limits));
  assert.equal(await probeMode(fetcher, replica.url), "browser");
  assert.equal(await probeMode(fetcher, replica.staticUrl), "static");
  await assert.rejects(
    probeMode(fetcher, `${replica.origin}/robots.txt`),
    /neither a tryit page nor linked static tables/,
  );
});

test("the user agent names the tool and its version, and robots.txt is read before any page", async () => {
  const watched = await startReplica();
  try {
    await scrapeReplica({ url: watched.staticUrl, out: fresh("agent"), mode: "static" });
    assert.equal(watched.requests[0], "/robots.txt");
    assert.equal(watched.requests.length, 16, "robots.txt, the index and 14 pages of tables");
    for (const agent of watched.userAgents) assert.match(agent, /^sales-insight-scraper\/\d+\.\d+\.\d+ \(/);
  } finally {
    await watched.close();
  }
});

test("two 500s then success: retried with backoff, Retry-After honoured, and the scrape succeeds", async () => {
  const flaky = await startReplica({ faults: { failFirst: 2, retryAfter: 1 } });
  try {
    const started = performance.now();
    const { manifest } = await scrapeReplica({ url: flaky.staticUrl, out: fresh("flaky"), mode: "static" });
    const seconds = (performance.now() - started) / 1000;
    assert.equal(manifest.files.length, 8);
    assert.deepEqual(flaky.requests.slice(0, 4), ["/robots.txt", "/static/", "/static/", "/static/"]);
    assert.ok(seconds >= 2, `two waits of Retry-After: 1 s, not the 10 ms backoff (took ${seconds} s)`);
  } finally {
    await flaky.close();
  }
});

test("a response that hangs times out with a clear error after its retries, and nothing is written", async () => {
  const hanging = await startReplica({ faults: { hang: true } });
  const out = fresh("hang");
  try {
    await assert.rejects(scrapeReplica({ url: hanging.staticUrl, out, mode: "static", timeoutMs: 300, retries: 1 }), {
      name: "ScrapeError",
      message: `${hanging.staticUrl}: no complete answer within 0.3 s (timed out) (2 tries)`,
    });
    assert.equal(existsSync(out), false);
  } finally {
    await hanging.close();
  }
});

test("a table cut short in static mode is a count mismatch naming the table, and nothing is loaded", async () => {
  const faulty = await startReplica({ faults: { cutShort: { table: "OrderDetails", rows: 3 } } });
  const { url: db, db: before } = await warehouseIn(work.dir, "kept", DATA_DIR);
  const kept = await fingerprint(before);
  await before.close();
  try {
    await assert.rejects(
      scrapeReplica({ url: faulty.staticUrl, out: fresh("cut"), mode: "static", load: true, db }),
      /\(table OrderDetails, selector "#divResultSQL tr"\): read 515 rows, but the page says "Number of Records: 518" and "Your Database" lists 518/,
    );
    const { db: after } = await warehouseIn(work.dir, "kept");
    assert.deepEqual(await fingerprint(after), kept);
    await after.close();
  } finally {
    await faulty.close();
  }
});

test("a renamed result table class in static mode names the selector that found nothing", async () => {
  const faulty = await startReplica({ faults: { resultClass: "ws-table-new" } });
  try {
    await assert.rejects(
      scrapeReplica({ url: faulty.staticUrl, out: fresh("renamed"), mode: "static" }),
      new RegExp(
        `${faulty.origin}/static/Customers\\?page=1 \\(table Customers, selector "#divResultSQL table\\.ws-table-all, table\\.w3-table-all"\\)`,
      ),
    );
  } finally {
    await faulty.close();
  }
});

test("a redirect to another host is refused before any request reaches it", async () => {
  const moved = await startReplica({ faults: { redirectTo: "http://169.254.169.254/latest/meta-data/" } });
  try {
    await assert.rejects(scrapeReplica({ url: moved.staticUrl, out: fresh("moved"), mode: "static" }), {
      name: "RefusedError",
      message: `${moved.staticUrl}: redirect to http://169.254.169.254/latest/meta-data/ refused: it leaves 127.0.0.1`,
    });
  } finally {
    await moved.close();
  }
});

test("robots.txt disallowing the page refuses the scrape with a message, before the page is fetched", async () => {
  const closed = await startReplica({ faults: { robotsDisallow: true } });
  try {
    await assert.rejects(scrapeReplica({ url: closed.url, out: fresh("robots"), mode: "auto" }), {
      name: "RefusedError",
      message: new RegExp(
        `robots\\.txt \\(${closed.origin}/robots\\.txt, line 2\\) disallows this page for sales-insight-scraper`,
      ),
    });
    assert.deepEqual(closed.requests, ["/robots.txt"]);
  } finally {
    await closed.close();
  }
});

test("the replica's loopback host is refused unless explicitly allowed, with no request sent", async () => {
  await assert.rejects(scrapeReplica({ url: replica.staticUrl, out: fresh("refused"), allowHosts: [] }), {
    name: "RefusedError",
    message:
      /host 127\.0\.0\.1 is not on the allow-list \(www\.w3schools\.com\); add it with --allow-host or SALES_SCRAPE_ALLOW_HOSTS/,
  });
});

test("a non-empty folder that is not a scrape is refused before any request; a previous scrape is replaced whole, unless it holds a file it did not write", async () => {
  const mine = fresh("mine");
  mkdirSync(mine);
  writeFileSync(join(mine, "notes.txt"), "my notes");
  const before = replica.requests.length;
  await assert.rejects(
    scrapeReplica({ url: replica.staticUrl, out: mine, mode: "static" }),
    /--out .*mine is not empty and holds no scrape-manifest\.json: refusing to overwrite a folder that is not a previous scrape/,
  );
  assert.equal(replica.requests.length, before);
  assert.equal(readFileSync(join(mine, "notes.txt"), "utf8"), "my notes");

  const again = fresh("again");
  await scrapeReplica({ url: replica.staticUrl, out: again, mode: "static" });
  writeFileSync(join(again, "Orders.csv"), "changed since");
  writeFileSync(join(again, "notes.txt"), "my notes");
  const asked = replica.requests.length;
  await assert.rejects(
    scrapeReplica({ url: replica.staticUrl, out: again, mode: "static" }),
    /--out .*again holds files the previous scrape did not write \(notes\.txt\): move them away or choose another folder/,
  );
  assert.equal(replica.requests.length, asked);
  assert.equal(readFileSync(join(again, "notes.txt"), "utf8"), "my notes");
  rmSync(join(again, "notes.txt"));
  await scrapeReplica({ url: replica.staticUrl, out: again, mode: "static" });
  assert.notEqual(readFileSync(join(again, "Orders.csv"), "utf8"), "changed since");
  assert.deepEqual(
    readdirSync(again).sort(),
    [
      "Customers.csv",
      "Employees.csv",
      "OrderDetails.csv",
      "Orders.csv",
      "Products.csv",
      "Shippers.csv",
      "Suppliers.csv",
      "categories.csv",
      MANIFEST,
    ].sort(),
  );
});

test("options from an API body are checked and the bad field named", async () => {
  await assert.rejects(scrapeReplica({ url: replica.staticUrl, out: fresh("x"), mode: "fast" as "static" }), {
    name: "ScrapeOptionError",
    message: 'mode: expected one of browser, static, auto, got "fast"',
  });
  await assert.rejects(
    scrapeReplica({ url: replica.staticUrl, out: fresh("x"), timeoutMs: -1 }),
    /timeoutMs: expected a positive number/,
  );
});

test("a site that refuses every connection is named with the reason once and how many tries it got", async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
  const { port } = closed.address() as AddressInfo;
  await new Promise((done) => closed.close(done));
  const url = `http://127.0.0.1:${port}/sql/trysql.asp`;
  await assert.rejects(scrapeReplica({ url, out: fresh("refusing"), mode: "static", retries: 2, timeoutMs: 2000 }), {
    name: "ScrapeError",
    message: `http://127.0.0.1:${port}/robots.txt: request failed: connection refused (is the site up, and is this its address?) (3 tries)`,
  });
});
