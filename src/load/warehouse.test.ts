import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import iconv from "iconv-lite";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { LoadError } from "./problems.js";
import {
  copyExtract,
  DATA_DIR,
  editLine,
  editLines,
  EXTRACT_FIGURES,
  figures,
  fingerprint,
  readBytes,
  totalSales,
  writeBytes,
} from "./testing.js";
import { loadWarehouse } from "./warehouse.js";

const NBSP = "\xa0";

describe("loading the real extract into DuckDB", () => {
  let db: Database;
  before(async () => {
    db = await connect("duckdb::memory:");
    await loadWarehouse(db, { dataDir: DATA_DIR });
  });
  after(() => db.close());

  test("reproduces every figure of the data README exactly", async () => {
    assert.deepEqual(await figures(db), EXTRACT_FIGURES);
  });

  test("keeps postal codes and phone numbers as text and reads cp1252 letters", async () => {
    const [customer] = await db.query("SELECT customer_name, postal_code FROM customers WHERE customer_id = 2");
    assert.deepEqual(customer, { customer_name: "Ana Trujillo Emparedados y helados", postal_code: "05021" });
    const [shipper] = await db.query("SELECT phone FROM shippers WHERE shipper_id = 1");
    assert.equal(shipper.phone, "(503) 555-9831");
    const [mere] = await db.query("SELECT customer_name FROM customers WHERE customer_id = 7");
    assert.equal(mere.customer_name, "Blondel père et fils");
  });

  test("trims the non-breaking spaces and keeps quoted commas", async () => {
    const [row] = await db.query("SELECT address FROM customers WHERE customer_id = 7");
    assert.equal(row.address, "24, place Kléber");
  });

  test("records the line each row came from", async () => {
    const [row] = await db.query("SELECT MIN(source_line) AS first, MAX(source_line) AS last FROM order_details");
    assert.deepEqual(row, { first: 2, last: 519 });
  });

  test("sums each order's lines into order_sales, exactly as sales_lines does", async () => {
    const bySalesLines = await db.query(
      `SELECT order_id, order_date, customer_id, employee_id, shipper_id, SUM(sales) AS sales, SUM(quantity) AS units, COUNT(*) AS lines
       FROM sales_lines GROUP BY order_id, order_date, customer_id, employee_id, shipper_id ORDER BY order_id`,
    );
    assert.equal(bySalesLines.length, 196);
    assert.deepEqual(await db.query("SELECT * FROM order_sales ORDER BY order_id"), bySalesLines);
    const [total] = await db.query("SELECT SUM(sales) AS sales FROM order_sales");
    assert.equal(total.sales, 386424.23);
  });

  test("leaves the connection's settings as it found them (the key checks' dense GROUP BY is reset)", async () => {
    const [row] = await db.query("SELECT current_setting('perfect_ht_threshold') AS bits");
    assert.equal(row.bits, 12);
  });

  test("reloading the same files gives an identical warehouse", async () => {
    const first = await fingerprint(db);
    const summary = await loadWarehouse(db, { dataDir: DATA_DIR });
    assert.deepEqual(await fingerprint(db), first);
    assert.equal(summary.rows.order_details, 518);
    assert.deepEqual(
      summary.files.map((f) => [f.file, f.encoding, f.lineEnding]).filter(([file]) => file === "Customers.csv"),
      [["Customers.csv", "cp1252", "CRLF"]],
    );
  });
});

/**
 * Each case loads the good extract, then a damaged copy: the load must fail
 * with a message naming the file, the line and the problem, and leave the
 * warehouse as it was. Accepted variations must load to the same figures.
 */
describe("bad input", () => {
  let db: Database;
  let baseline: Record<string, string>;
  before(async () => {
    db = await connect("duckdb::memory:");
    await loadWarehouse(db, { dataDir: DATA_DIR });
    baseline = await fingerprint(db);
  });
  after(() => db.close());

  async function rejects(damage: (dir: string) => void, ...expected: (string | RegExp)[]): Promise<LoadError> {
    const copy = copyExtract();
    try {
      damage(copy.dir);
      const error = await loadWarehouse(db, { dataDir: copy.dir }).then(
        () => assert.fail("the load should have failed"),
        (e: unknown) => e,
      );
      assert.ok(error instanceof LoadError, `expected a LoadError, got ${String(error)}`);
      for (const part of expected)
        if (typeof part === "string") assert.ok(error.message.includes(part), `"${part}" is not in:\n${error.message}`);
        else assert.match(error.message, part);
      assert.equal(await totalSales(db), EXTRACT_FIGURES.total);
      return error;
    } finally {
      copy.dispose();
    }
  }

  async function accepts(change: (dir: string) => void): Promise<string[]> {
    const copy = copyExtract();
    try {
      change(copy.dir);
      const summary = await loadWarehouse(db, { dataDir: copy.dir });
      assert.deepEqual(await figures(db), EXTRACT_FIGURES);
      return summary.warnings;
    } finally {
      copy.dispose();
    }
  }

  test("a byte undefined in Windows-1252 names the file and line", async () => {
    await rejects(
      (dir) => editLine(dir, "Customers.csv", 5, (line) => line.replace("Horn", "Ho\x81rn")),
      "Customers.csv:5",
      "0x81",
      "not valid UTF-8 nor Windows-1252",
    );
  });

  test("a UTF-8 letter inside a Windows-1252 file is reported as mixed encodings", async () => {
    await rejects(
      (dir) => editLine(dir, "Customers.csv", 10, (line) => line.replace("Bon app'", "Bon app\xc3\xa9'")),
      "Customers.csv:10",
      "0xC3 0xA9",
      "mixes encodings",
    );
  });

  test("a Windows-1252 byte inside a UTF-8 file is reported as mixed encodings", async () => {
    await rejects(
      (dir) => {
        const utf8 = Buffer.from(iconv.decode(readBytes(dir, "Suppliers.csv"), "win1252"), "utf8");
        writeBytes(dir, "Suppliers.csv", utf8);
        editLine(dir, "Suppliers.csv", 6, (line) => line.replace("Oviedo", "Ovi\xe9do"));
      },
      "Suppliers.csv:6",
      "0xE9",
      "not valid UTF-8",
      "mixes encodings",
    );
  });

  test("a missing column is named with the header found", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 1, (line) => line.replace("Quantity", "Qty")),
      "OrderDetails.csv:1 column Quantity: required column is missing from the header",
    );
  });

  test("a duplicate key names both lines", async () => {
    await rejects(
      (dir) => editLines(dir, "Orders.csv", (lines) => [...lines, lines[1]]),
      'Orders.csv:198 column OrderID value "10248": duplicate key: OrderID 10248 is already used on line 2',
    );
  });

  test("an order pointing to no customer", async () => {
    await rejects(
      (dir) => editLine(dir, "Orders.csv", 3, (line) => line.replace(/^(\d+\xa0),\d+/, "$1,999")),
      'Orders.csv:3 column CustomerID value "999": refers to no row of Customers.csv (no CustomerID 999)',
    );
  });

  test("an order pointing to a customer missing from the middle of the keys", async () => {
    // Customers 1 to 91 but 2: no longer every key of a range, so the check is the join's, and finds the gap.
    await rejects(
      (dir) => editLines(dir, "Customers.csv", (lines) => lines.filter((_, i) => i !== 2)),
      /Orders\.csv:\d+ column CustomerID value "2": refers to no row of Customers\.csv \(no CustomerID 2\)/,
    );
  });

  test("a detail pointing to no order", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 4, (line) => line.replace(/^(\d+\xa0),\d+/, "$1,99999")),
      'OrderDetails.csv:4 column OrderID value "99999": refers to no row of Orders.csv (no OrderID 99999)',
    );
  });

  test("a detail pointing to no product, found when order_sales leaves it out, leaves the warehouse as it was", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 7, (line) => line.replace(/^(\d+\xa0,\d+\xa0),\d+/, "$1,700")),
      'OrderDetails.csv:7 column ProductID value "700": refers to no row of Products.csv (no ProductID 700)',
    );
    assert.deepEqual(await fingerprint(db), baseline);
  });

  test("a duplicate order and a detail pointing to no order are both listed, in table order", async () => {
    const error = await rejects((dir) => {
      editLines(dir, "Orders.csv", (lines) => [...lines, lines[1]]);
      editLine(dir, "OrderDetails.csv", 4, (line) => line.replace(/^(\d+\xa0),\d+/, "$1,99999"));
    }, /Orders\.csv:198 column OrderID value "10248": duplicate key[^]*OrderDetails\.csv:4 column OrderID value "99999": refers to no row of Orders\.csv/);
    assert.equal(error.total, 2);
  });

  test("a product pointing to no supplier", async () => {
    await rejects(
      (dir) => editLine(dir, "Products.csv", 2, (line) => line.replace(/^(1\xa0,Chais\xa0),1\xa0/, "$1,77\xa0")),
      'Products.csv:2 column SupplierID value "77": refers to no row of Suppliers.csv',
    );
  });

  test("a negative quantity", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 6, (line) => line.replace(/,\d+\xa0$/, `,-5${NBSP}`)),
      'OrderDetails.csv:6 column Quantity value "-5": Quantity must be greater than 0',
    );
  });

  test("a negative price", async () => {
    await rejects(
      (dir) => editLine(dir, "Products.csv", 3, (line) => line.replace(/,[\d.]+\xa0$/, `,-19${NBSP}`)),
      'Products.csv:3 column Price value "-19": Price must not be negative',
    );
  });

  test("an impossible date", async () => {
    await rejects(
      (dir) => editLine(dir, "Orders.csv", 150, (line) => line.replace(/\d+\/\d+\/\d{4}/, "2/30/1997")),
      'Orders.csv:150 column OrderDate value "2/30/1997": date does not exist: February 1997 has 28 days',
    );
  });

  test("a missing required value", async () => {
    await rejects(
      (dir) => editLine(dir, "Orders.csv", 7, (line) => line.replace(/^(\d+\xa0),\d+\xa0/, "$1,")),
      "Orders.csv:7 column CustomerID",
      "value is required",
    );
  });

  test("an empty file", async () => {
    await rejects(
      (dir) => writeBytes(dir, "Shippers.csv", Buffer.alloc(0)),
      "Shippers.csv: file is empty: expected a header line (ShipperID,ShipperName,Phone)",
    );
  });

  test("a missing file", async () => {
    await rejects((dir) => rmSync(join(dir, "Products.csv")), "Products.csv: file is missing from");
  });

  test("a truncated row", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 100, (line) => line.split(",").slice(0, 2).join(",")),
      "OrderDetails.csv:100",
      "row has 2 fields, the header has 4 (truncated row?)",
    );
  });

  test("a quoted field that is never closed", async () => {
    await rejects(
      (dir) => editLine(dir, "Customers.csv", 92, (line) => line.replace(/,([^,]+),/, ',"$1,')),
      "Customers.csv:92: a quoted field starting here is never closed",
    );
  });

  test("a quote that ends a field too early", async () => {
    await rejects(
      (dir) => editLine(dir, "Customers.csv", 40, (line) => line.replace(/,([^,]+),/, ',"$1,')),
      "Customers.csv:40: a closing quote is followed by other characters",
    );
  });

  test("line numbers count the line breaks inside quoted fields", async () => {
    await rejects((dir) => {
      editLine(dir, "Customers.csv", 5, (line) => line.replace(/,([^,]+)\xa0,/, ',"$1\r\nsecond line\xa0",'));
      // Line 20 of the original is line 21 of the damaged file.
      editLine(dir, "Customers.csv", 21, (line) => line.replace(/^\d+/, "x20"));
    }, 'Customers.csv:21 column CustomerID value "x20": expected a whole number');
  });

  test("every problem is listed up to 50, then counted", async () => {
    const error = await rejects(
      (dir) =>
        editLines(dir, "OrderDetails.csv", (lines) =>
          lines.map((line, i) => (i >= 1 && i <= 60 ? line.replace(/,\d+\xa0$/, ",0") : line)),
        ),
      "The extracts have 60 problems; nothing was loaded and the warehouse is unchanged.",
      "OrderDetails.csv:2 column Quantity",
      "... and 10 more",
    );
    assert.equal(error.problems.length, 50);
    assert.equal(error.total, 60);
  });

  test("a failed load leaves every table and view exactly as it was", async () => {
    await rejects(
      (dir) => editLine(dir, "Orders.csv", 150, (line) => line.replace(/\d+\/\d+\/\d{4}/, "2/30/1997")),
      "Orders.csv:150",
    );
    assert.deepEqual(await fingerprint(db), baseline);
  });

  test("an extra unknown column is accepted with a warning", async () => {
    const warnings = await accepts((dir) =>
      editLines(dir, "Orders.csv", (lines) =>
        lines.map((line, i) => `${line},${i === 0 ? "Comment" : `note ${i}${NBSP}`}`),
      ),
    );
    assert.deepEqual(warnings, ["Orders.csv: ignoring unknown column Comment"]);
  });

  test("headers in another case and padded with spaces are accepted", async () => {
    await accepts((dir) =>
      editLine(dir, "Orders.csv", 1, () => " orderid , CUSTOMERID,EmployeeId ,orderDATE,shipperid"),
    );
  });

  test("a UTF-8 file with a BOM is accepted", async () => {
    await accepts((dir) => {
      const text = iconv.decode(readBytes(dir, "Customers.csv"), "win1252");
      writeBytes(dir, "Customers.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]));
    });
    const [row] = await db.query("SELECT customer_name, source_line FROM customers WHERE customer_id = 7");
    assert.deepEqual(row, { customer_name: "Blondel père et fils", source_line: 8 });
  });

  test("LF line endings are accepted", async () => {
    await accepts((dir) => {
      for (const file of [
        "Customers.csv",
        "Employees.csv",
        "Orders.csv",
        "OrderDetails.csv",
        "Products.csv",
        "Shippers.csv",
        "Suppliers.csv",
      ])
        writeBytes(dir, file, Buffer.from(readBytes(dir, file).toString("latin1").replaceAll("\r\n", "\n"), "latin1"));
    });
    assert.deepEqual(await fingerprint(db), baseline);
  });

  test("ISO dates are accepted", async () => {
    await accepts((dir) =>
      editLines(dir, "Orders.csv", (lines) =>
        lines.map((line) =>
          line.replace(/(\d+)\/(\d+)\/(\d{4})/, (_, m, d, y) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`),
        ),
      ),
    );
  });
});

describe("reading files on worker threads", () => {
  let db: Database;
  before(async () => {
    db = await connect("duckdb::memory:");
  });
  after(() => db.close());

  test("gives the same warehouse as reading in-process", async () => {
    await loadWarehouse(db, { dataDir: DATA_DIR });
    const inProcess = await fingerprint(db);
    await loadWarehouse(db, { dataDir: DATA_DIR, workerThreshold: 0 });
    assert.deepEqual(await fingerprint(db), inProcess);
    assert.deepEqual(await figures(db), EXTRACT_FIGURES);
  });

  test("reports a problem with the same file, line and rule", async () => {
    const copy = copyExtract();
    try {
      editLine(copy.dir, "OrderDetails.csv", 6, (line) => line.replace(/,\d+\xa0$/, `,-5${NBSP}`));
      editLine(copy.dir, "Customers.csv", 5, (line) => line.replace("Horn", "Ho\x81rn"));
      await assert.rejects(loadWarehouse(db, { dataDir: copy.dir, workerThreshold: 0 }), (error: unknown) => {
        assert.ok(error instanceof LoadError);
        assert.match(error.message, /The extracts have 2 problems/);
        assert.match(
          error.message,
          /Customers\.csv:5 value "4\xa0,Around the Ho\ufffdrn\xa0,.*": byte 0x81 is not valid UTF-8 nor Windows-1252/,
        );
        assert.match(error.message, /OrderDetails\.csv:6 column Quantity value "-5": Quantity must be greater than 0/);
        return true;
      });
      assert.equal(await totalSales(db), EXTRACT_FIGURES.total);
    } finally {
      copy.dispose();
    }
  });
});
