import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import { extractWarehouse, postgresWarehouse, type TestWarehouse } from "../analyse/fixtures.js";
import type { Database } from "../db/adapter.js";
import { spreadsheetText, TEXT_CELLS_NOTE, writePowerBiExtracts } from "../deliver/powerbi.js";

/**
 * CSV injection: names a spreadsheet would run as formulas reach the Power BI
 * CSVs with a leading apostrophe, whichever path wrote them (DuckDB's COPY for
 * dim_customer, Node's writer for dim_product on DuckDB and every table on
 * PostgreSQL); Parquet keeps the exact value.
 */

/** One name per character OWASP lists, each on a customer and a product of the real extract. */
const FORMULAS = ["=1+2", "+1+2", "-2+3", "@SUM(A1:A9)", "\tTAB()", "\rCR()"] as const;
const ORDINARY = ["Alfreds Futterkiste", "Bon app'", "O'Brien-Smith", "1=1"];

async function plantFormulas(db: Database): Promise<void> {
  for (const [i, name] of FORMULAS.entries()) {
    await db.query("UPDATE customers SET customer_name = $name WHERE customer_id = $id", { name, id: i + 1 });
    await db.query("UPDATE products SET product_name = $name WHERE product_id = $id", { name, id: i + 1 });
  }
}

// The CSVs start with a UTF-8 byte order mark (for Excel); the parser skips it as Excel does.
const csvRows = (path: string): Record<string, string>[] =>
  parse(readFileSync(path, "utf8"), { columns: true, bom: true });
const byId = (rows: Record<string, string>[], key: string, name: string) =>
  new Map(rows.map((r) => [Number(r[key]), r[name]]));

describe("Power BI CSVs neutralise formulas", () => {
  let duck: TestWarehouse;
  let pg: TestWarehouse;
  let dir: string;
  before(async () => {
    [duck, pg] = await Promise.all([extractWarehouse(), postgresWarehouse("spreadsheet")]);
    await plantFormulas(duck.db);
    await plantFormulas(pg.db);
    dir = mkdtempSync(join(tmpdir(), "spreadsheet-"));
    await writePowerBiExtracts(duck.db, join(dir, "duckdb"));
    await writePowerBiExtracts(pg.db, join(dir, "postgres"), { batchSize: 10 });
  });
  after(async () => {
    await duck?.dispose();
    await pg?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const backend of ["duckdb", "postgres"] as const)
    test(`${backend}: names starting with = + - @ tab or CR get a leading apostrophe in the CSVs`, () => {
      const customers = byId(csvRows(join(dir, backend, "dim_customer.csv")), "customer_id", "customer_name");
      const products = byId(csvRows(join(dir, backend, "dim_product.csv")), "product_id", "product_name");
      for (const [i, name] of FORMULAS.entries()) {
        assert.equal(customers.get(i + 1), `'${name}`, `customer ${JSON.stringify(name)}`);
        assert.equal(products.get(i + 1), `'${name}`, `product ${JSON.stringify(name)}`);
      }
      assert.equal(customers.get(7), "Blondel père et fils", "an ordinary name is unchanged");
    });

  test("the Parquet files keep the exact names (no spreadsheet evaluates them)", async () => {
    for (const table of ["dim_customer", "dim_product"]) {
      const key = table === "dim_customer" ? "customer" : "product";
      const path = join(dir, "duckdb", `${table}.parquet`).replaceAll("'", "''");
      const rows = await duck.db.query<{ id: number; name: string }>(
        `SELECT ${key}_id AS id, ${key}_name AS name FROM read_parquet('${path}') WHERE ${key}_id <= ${FORMULAS.length} ORDER BY 1`,
      );
      assert.deepEqual(
        rows.map((r) => r.name),
        [...FORMULAS],
        table,
      );
    }
  });

  test("the data dictionary says how formula-like text is written, in JSON and Markdown", () => {
    const json = JSON.parse(readFileSync(join(dir, "duckdb", "data-dictionary.json"), "utf8"));
    assert.equal(json.text_cells, TEXT_CELLS_NOTE);
    const markdown = readFileSync(join(dir, "postgres", "data-dictionary.md"), "utf8");
    assert.match(markdown, /## Text that looks like a formula\n\n.*leading apostrophe/);
    assert.match(TEXT_CELLS_NOTE, /=, \+, -, @, a tab or a carriage return/);
  });
});

test("spreadsheetText prefixes only the characters OWASP lists", () => {
  for (const name of FORMULAS) assert.equal(spreadsheetText(name), `'${name}`);
  for (const name of ORDINARY) assert.equal(spreadsheetText(name), name);
});
