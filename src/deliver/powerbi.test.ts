import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parse } from "csv-parse/sync";
import { extractWarehouse, postgresWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import { queryInputs } from "../analyse/params.js";
import { resolvePeriod } from "../analyse/period.js";
import { keysetBatches, pbidsFor, STAR, writePowerBiExtracts, type PowerBiManifest } from "./powerbi.js";
import { checkTmdl } from "./powerbi/tmdl-check.js";

const utf8 = (path: string) => new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(path));
const rows = (path: string): Record<string, string>[] => parse(utf8(path), { columns: true, bom: true });
const cents = (values: string[]) => values.reduce((s, v) => s + Math.round(Number(v) * 100), 0) / 100;

describe("Power BI extracts of the extract", () => {
  let duck: TestWarehouse;
  let pg: TestWarehouse;
  let dir: string;
  let manifest: PowerBiManifest;
  let pgManifest: PowerBiManifest;
  before(async () => {
    [duck, pg] = await Promise.all([extractWarehouse(), postgresWarehouse("powerbi")]);
    dir = mkdtempSync(join(tmpdir(), "powerbi-"));
    manifest = await writePowerBiExtracts(duck.db, join(dir, "duckdb"));
    pgManifest = await writePowerBiExtracts(pg.db, join(dir, "postgres"), { batchSize: 100 });
  });
  after(async () => {
    await duck?.dispose();
    await pg?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  test("every table of the star schema is a UTF-8 CSV with a byte order mark and the documented header", () => {
    for (const m of [manifest, pgManifest])
      for (const t of STAR) {
        const bytes = readFileSync(join(m.dir, `${t.name}.csv`));
        assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], `${t.name}: UTF-8 BOM`);
        // TextDecoder drops the BOM, as Power BI and Excel do.
        const text = utf8(join(m.dir, `${t.name}.csv`));
        assert.equal(text.split("\n")[0], t.columns.map((c) => c.name).join(","), t.name);
      }
    assert.ok(rows(join(manifest.dir, "dim_customer.csv")).some((r) => r.customer_name === "Mère Paillarde"));
  });

  test("the fact table holds the 518 order lines and sums to 386,424.23, with ISO dates", () => {
    const fact = rows(join(manifest.dir, "fact_sales.csv"));
    assert.equal(fact.length, 518);
    assert.equal(cents(fact.map((r) => r.sales)), 386424.23);
    assert.ok(fact.every((r) => /^\d{4}-\d{2}-\d{2}$/.test(r.order_date)));
    assert.equal(fact[0].order_date, "1996-07-04");
    assert.equal(manifest.tables.find((t) => t.name === "fact_sales")?.rows, 518);
  });

  test("every key in the fact table finds its row in the dimension it relates to", () => {
    const fact = rows(join(manifest.dir, "fact_sales.csv"));
    for (const [column, table, key] of [
      ["customer_id", "dim_customer", "customer_id"],
      ["product_id", "dim_product", "product_id"],
      ["employee_id", "dim_employee", "employee_id"],
      ["shipper_id", "dim_shipper", "shipper_id"],
      ["order_date", "dim_date", "date"],
    ]) {
      const keys = new Set(rows(join(manifest.dir, `${table}.csv`)).map((r) => r[key]));
      assert.ok(
        fact.every((r) => keys.has(r[column])),
        `${column} → ${table}`,
      );
    }
    assert.equal(rows(join(manifest.dir, "dim_customer.csv")).length, 91);
    // Whole calendar years around the data: 1996 (a leap year) and 1997.
    assert.equal(rows(join(manifest.dir, "dim_date.csv")).length, 731);
  });

  test("without costs, products carry the assumed margin of their category", () => {
    const products = rows(join(manifest.dir, "dim_product.csv"));
    assert.equal(products.find((p) => p.product_name === "Chais")?.assumed_margin, "0.35");
    assert.ok(products.every((p) => p.unit_cost === ""));
  });

  test("DuckDB writes the same data as Parquet", async () => {
    const [row] = await duck.db.query<{ n: number; s: number }>(
      `SELECT COUNT(*) AS n, SUM(sales) AS s FROM read_parquet('${join(manifest.dir, "fact_sales.parquet")}')`,
    );
    assert.deepEqual(row, { n: 518, s: 386424.23 });
    assert.equal(manifest.tables.filter((t) => t.parquet).length, STAR.length);
  });

  test("PostgreSQL streams the same tables through a cursor (the fact table byte for byte)", () => {
    assert.equal(utf8(join(pgManifest.dir, "fact_sales.csv")), utf8(join(manifest.dir, "fact_sales.csv")));
    // DuckDB quotes a few more fields (those holding #); the values are the same.
    for (const t of STAR)
      assert.deepEqual(rows(join(pgManifest.dir, `${t.name}.csv`)), rows(join(manifest.dir, `${t.name}.csv`)), t.name);
    assert.equal(pgManifest.tables.find((t) => t.name === "fact_sales")?.parquet, null);
  });

  test("paging by key gives the same rows as the cursor", async () => {
    const period = await resolvePeriod(pg.db, "1997-01");
    const { params, context } = queryInputs({ period, filters: {} });
    const paged: Record<string, unknown>[] = [];
    for await (const batch of keysetBatches(pg.db, "analyses/powerbi/fact_sales", params, context, 7))
      paged.push(...batch);
    const [truth] = await pg.db.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM order_details d JOIN orders o ON o.order_id = d.order_id WHERE o.order_date >= DATE '1997-01-01' AND o.order_date < DATE '1997-02-01'",
    );
    assert.equal(paged.length, truth.n);
    assert.ok(paged.every((r, i) => i === 0 || Number(r.order_detail_id) > Number(paged[i - 1].order_detail_id)));
  });

  test("a .pbids file opens Power BI on the PostgreSQL database; DuckDB gets none", () => {
    assert.equal(manifest.pbids, null);
    const pbids = JSON.parse(utf8(join(pgManifest.dir, "warehouse.pbids")));
    assert.equal(pbids.version, "0.1");
    assert.equal(pbids.connections[0].details.protocol, "postgresql");
    assert.match(pbids.connections[0].details.address.database, /^sales_test_powerbi_\d+$/);
    assert.equal(pbids.connections[0].details.address.server, "127.0.0.1:5432");
  });

  test("the data dictionary describes every column and the nine relationships", () => {
    const dictionary = JSON.parse(utf8(join(manifest.dir, "data-dictionary.json")));
    assert.equal(dictionary.relationships.length, 9);
    assert.ok(
      dictionary.relationships.some(
        (r: { from: string; to: string }) => r.from === "fact_sales.customer_id" && r.to === "dim_customer.customer_id",
      ),
    );
    const markdown = utf8(join(manifest.dir, "data-dictionary.md"));
    for (const t of STAR)
      for (const c of t.columns) assert.ok(markdown.includes(`| ${c.name} | ${c.type} |`), `${t.name}.${c.name}`);
    assert.match(markdown, /cannot open directly/);
  });

  test("a table longer than a worksheet is Parquet alone, listed so, and the model reads it from Parquet", async () => {
    // 518 fact lines and 731 calendar days against a 100-row sheet; 91 customers and the rest fit.
    const out = await writePowerBiExtracts(duck.db, join(dir, "long"), { sheetRows: 100 });
    const alone = out.tables.filter((t) => t.csv === null).map((t) => t.name);
    assert.deepEqual(alone, ["fact_sales", "dim_date"]);
    assert.ok(!existsSync(join(out.dir, "fact_sales.csv")));
    assert.ok(out.files.includes("fact_sales.parquet") && !out.files.includes("fact_sales.csv"));
    assert.ok(
      readdirSync(out.dir).every((f) => !f.startsWith(".")),
      "no plain CSV left behind",
    );
    const [row] = await duck.db.query<{ n: number; s: number }>(
      `SELECT COUNT(*) AS n, SUM(sales) AS s FROM read_parquet('${join(out.dir, "fact_sales.parquet")}')`,
    );
    assert.deepEqual(row, { n: 518, s: 386424.23 });
    const calendar = await duck.db.query<{ n: number }>(
      `SELECT COUNT(*) AS n FROM read_parquet('${join(out.dir, "dim_date.parquet")}')`,
    );
    assert.equal(calendar[0].n, 731);
    const dictionary = JSON.parse(utf8(join(out.dir, "data-dictionary.json")));
    const fact = dictionary.tables.find((t: { name: string }) => t.name === "fact_sales");
    assert.deepEqual(fact.files, ["fact_sales.parquet"]);
    assert.match(
      utf8(join(out.dir, "data-dictionary.md")),
      /Except fact_sales, dim_date: more rows than a spreadsheet holds/,
    );
    const definition = join(out.dir, "SalesInsight.SemanticModel", "definition");
    const files = Object.fromEntries(
      readdirSync(definition, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [relative(definition, join(e.parentPath, e.name)), utf8(join(e.parentPath, e.name))]),
    );
    assert.deepEqual(checkTmdl(files).problems, []);
    const tmdl = (name: string) => files[join("tables", `${name}.tmdl`)];
    assert.match(tmdl("fact_sales"), /Parquet\.Document\(File\.Contents\(ExtractFolder & "\\fact_sales\.parquet"\)\)/);
    assert.match(tmdl("dim_customer"), /Csv\.Document/);
  });

  test("a sheet size that is not a whole number of rows is refused, naming it, before anything is written", async () => {
    await assert.rejects(
      writePowerBiExtracts(duck.db, join(dir, "bad-sheet"), { sheetRows: 1.5 }),
      /sheetRows must be a whole number of rows >= 0, got 1\.5/,
    );
    assert.ok(!existsSync(join(dir, "bad-sheet")));
  });

  test("a period's extract holds only that period and reconciles with it", async () => {
    const out = await writePowerBiExtracts(duck.db, join(dir, "january"), {
      period: await resolvePeriod(duck.db, "1997-01"),
      filters: { country: "Germany" },
    });
    const fact = rows(join(out.dir, "fact_sales.csv"));
    assert.ok(fact.every((r) => r.order_date >= "1997-01-01" && r.order_date < "1997-02-01"));
    const [truth] = await duck.db.query<{ s: number }>(
      "SELECT SUM(sales) AS s FROM sales_lines WHERE country = 'Germany' AND order_date >= DATE '1997-01-01' AND order_date < DATE '1997-02-01'",
    );
    assert.equal(cents(fact.map((r) => r.sales)), truth.s);
    // The calendar is the data's, whatever the period; in_period marks the run's days.
    const calendar = rows(join(out.dir, "dim_date.csv"));
    assert.equal(calendar.length, 731);
    assert.equal(calendar.filter((d) => d.in_period === "true").length, 31);
  });
});

test("DuckDB writes dim_customer's CSV in key order when its Parquet file holds several row groups", async () => {
  // 250,000 more customers (three row groups of 122,880): with the ORDER BY inside the copy's subquery, DuckDB wrote
  // blocks of 2,048 rows out of place on every run once the spreadsheet guard's CASE ran over the sorted rows.
  const warehouse = await extractWarehouse();
  const dir = mkdtempSync(join(tmpdir(), "powerbi-order-"));
  try {
    await warehouse.db.exec(
      `INSERT INTO customers (customer_id, customer_name, contact_name, address, city, postal_code, country, source_line)
       SELECT 1000 + i, 'Customer ' || md5(i::VARCHAR), 'Contact ' || (i % 997), (i % 89) || ' Main Street',
              'City ' || (i % 311), (10000 + i % 89999)::VARCHAR, 'Country ' || (i % 23), 100 + i
       FROM range(250000) r(i)`,
    );
    const out = await writePowerBiExtracts(warehouse.db, dir);
    const ids = rows(join(dir, "dim_customer.csv")).map((r) => Number(r.customer_id));
    assert.equal(ids.length, 250_091);
    const misplaced = ids.findIndex((id, i) => i > 0 && id <= ids[i - 1]);
    assert.equal(misplaced, -1, `dim_customer.csv: row ${misplaced + 1} (customer ${ids[misplaced]}) out of key order`);
    assert.equal(out.tables.find((t) => t.name === "dim_customer")!.rows, 250_091);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await warehouse.dispose();
  }
});

test("a SQL Server warehouse gets a tds .pbids with the port after a comma", () => {
  assert.deepEqual(
    pbidsFor({ dialect: "tsql", label: "mssql://sa:***@db.example.com:14330/sales" })?.connections[0].details,
    {
      protocol: "tds",
      address: { server: "db.example.com,14330", database: "sales" },
    },
  );
  assert.equal(
    pbidsFor({ dialect: "tsql", label: "mssql://sa:***@db.example.com:1433/sales" })?.connections[0].details.address
      .server,
    "db.example.com",
  );
});
