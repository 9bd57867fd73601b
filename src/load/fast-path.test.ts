import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { generateDataset } from "../generate/generate.js";
import { inspectSimpleFile } from "./fast-path.js";
import { LoadError } from "./problems.js";
import { editLine, editLines, fingerprint, readBytes, writeBytes } from "./testing.js";
import { loadWarehouse, type LoadSummary } from "./warehouse.js";

/** NBSP as UTF-8 bytes, in the latin1 text `editLines` works on. */
const NBSP = "\xc2\xa0";
const FAST = ["Orders.csv", "OrderDetails.csv", "Customers.csv"];

describe("deciding which files are simple enough for DuckDB to parse", () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), "simple-"))));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const inspect = (name: string, bytes: Buffer | string) => {
    writeFileSync(join(dir, name), bytes);
    return inspectSimpleFile(join(dir, name));
  };

  test("a quote-free ASCII file with CRLF is simple and its records are counted", async () => {
    assert.deepEqual(await inspect("a.csv", "A, b ,C\r\n1,2,3\r\n4,5,6\r\n"), {
      encoding: "ascii",
      lineEnding: "CRLF",
      header: ["A", "b", "C"],
      records: 2,
      quoted: false,
      numeric: true,
    });
  });

  test("UTF-8 with a BOM and LF, without a final line ending, is simple", async () => {
    const file = await inspect(
      "b.csv",
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("A,B\n1,Kléber\n2,x", "utf8")]),
    );
    assert.deepEqual(file, {
      encoding: "utf8-bom",
      lineEnding: "LF",
      header: ["A", "B"],
      records: 2,
      quoted: false,
      numeric: false,
    });
  });

  test("fields quoted whole, on their line, are simple", async () => {
    const file = await inspect("q.csv", 'A,B,C\r\n1,"x, ""y""",z\r\n"2",,"w"\r\n3,"",v');
    assert.deepEqual(file, {
      encoding: "ascii",
      lineEnding: "CRLF",
      header: ["A", "B", "C"],
      records: 3,
      quoted: true,
      numeric: false,
    });
  });

  test("a body of digits, dashes, slashes and commas is numeric, whatever its header", async () => {
    const numeric = async (body: string) => (await inspect("n.csv", `Id,Date,Qty\r\n${body}`))?.numeric;
    assert.equal(await numeric("1,7/1/1996,3\r\n-2,1996-07-04,\r\n,,007\r\n"), true);
    // Long enough for four-byte steps, which count the lines too, from every alignment of the header's end.
    for (const header of ["A,B", "Ab,B", "Abc,B", "Abcd,B"]) {
      const file = await inspect("w.csv", `${header}\n${"12,1/2/1997\n3,\n".repeat(1000)}-7,45`);
      assert.deepEqual([file?.numeric, file?.records], [true, 2001], header);
    }
    for (const cell of ["1.5", "+5", " 5", "1_000", "1e3", "0x1F", "x"])
      assert.equal(
        await numeric(`1,1/2/1997,5\r\n${"2,1/2/1997,5\r\n".repeat(50)}3,1/2/1997,${cell}\r\n`),
        false,
        cell,
      );
  });

  test("quotes inside a field, after a field, across lines or never closed are not", async () => {
    assert.equal(await inspect("q1.csv", 'A,B\r\n1,x"y\r\n'), undefined);
    assert.equal(await inspect("q2.csv", 'A,B\r\n1,"x"y\r\n'), undefined);
    assert.equal(await inspect("q3.csv", 'A,B\r\n1,"x\r\ny"\r\n'), undefined);
    assert.equal(await inspect("q4.csv", 'A,B\r\n1,"x\r\n2,y\r\n'), undefined);
    assert.equal(await inspect("q5.csv", '"A",B\r\n1,x\r\n'), undefined);
  });

  test("Windows-1252 bytes, stray CRs and exotic blanks are not", async () => {
    assert.equal(await inspect("e.csv", Buffer.from("A,B\r\n1,Kl\xe9ber\r\n", "latin1")), undefined);
    assert.equal(await inspect("f.csv", "A,B\n1,x\r\n"), undefined);
    assert.equal(await inspect("g.csv", "A,B\n1,x\u2003\n"), undefined);
  });

  test("a blank line counts as a record, so that DuckDB's row count, which skips it, falls short", async () => {
    assert.equal((await inspect("d.csv", "A,B\r\n1,x\r\n\r\n2,y\r\n"))?.records, 3);
    assert.equal((await inspect("h.csv", "A,B\n1,2\n\n"))?.records, 2);
  });
});

/**
 * The same damaged copy of a generated UTF-8 data set loaded through Node and
 * through DuckDB's reader must fail with the very same message, or load the
 * very same warehouse.
 */
describe("the DuckDB fast path", () => {
  let source: string;
  let node: Database;
  let fast: Database;
  before(async () => {
    source = mkdtempSync(join(tmpdir(), "fast-src-"));
    await generateDataset({ orders: 2000, outDir: source, encoding: "utf8" });
    node = await connect("duckdb::memory:");
    fast = await connect("duckdb::memory:");
  });
  after(async () => {
    await node.close();
    await fast.close();
    rmSync(source, { recursive: true, force: true });
  });

  async function bothWays(change: (dir: string) => void) {
    const dir = mkdtempSync(join(tmpdir(), "fast-"));
    try {
      cpSync(source, dir, { recursive: true });
      change(dir);
      const run = (db: Database, fastPathThreshold: number) =>
        loadWarehouse(db, { dataDir: dir, fastPathThreshold }).then(
          (summary) => ({ summary, error: undefined }),
          (error: unknown) => ({ summary: undefined, error }),
        );
      return { node: await run(node, Infinity), fast: await run(fast, 0) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async function rejects(change: (dir: string) => void, ...expected: string[]) {
    const result = await bothWays(change);
    assert.ok(result.node.error instanceof LoadError, `expected a LoadError, got ${String(result.node.error)}`);
    assert.ok(result.fast.error instanceof LoadError, `expected a LoadError, got ${String(result.fast.error)}`);
    assert.equal(result.fast.error.message, result.node.error.message);
    for (const part of expected)
      assert.ok(result.fast.error.message.includes(part), `"${part}" is not in:\n${result.fast.error.message}`);
  }

  async function accepts(change: (dir: string) => void, parsedByDuckDB = FAST): Promise<LoadSummary> {
    const result = await bothWays(change);
    assert.equal(result.node.error, undefined);
    assert.equal(result.fast.error, undefined);
    const nodeSummary = result.node.summary!;
    const fastSummary = result.fast.summary!;
    assert.deepEqual(await fingerprint(fast), await fingerprint(node));
    assert.deepEqual(fastSummary.rows, nodeSummary.rows);
    assert.deepEqual(fastSummary.warnings, nodeSummary.warnings);
    const strip = (s: LoadSummary) => s.files.map(({ parsedBy: _, ...f }) => f);
    assert.deepEqual(strip(fastSummary), strip(nodeSummary));
    for (const file of parsedByDuckDB)
      assert.equal(fastSummary.files.find((f) => f.file === file)?.parsedBy, "duckdb", `${file} was read by Node`);
    return fastSummary;
  }

  test("loads a generated data set to the very same warehouse as the Node path", async () => {
    const summary = await accepts(() => undefined);
    assert.ok(summary.rows.order_details > 4000);
  });

  test("a bad whole number names the file, line, column and value", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 5, (line) => line.replace(/^(\d+),(\d+),\d+/, "$1,$2,x7")),
      'OrderDetails.csv:5 column ProductID value "x7": expected a whole number',
    );
  });

  test("an impossible date", async () => {
    await rejects(
      (dir) => editLine(dir, "Orders.csv", 150, (line) => line.replace(/\d+\/\d+\/\d{4}/, "2/30/1997")),
      'Orders.csv:150 column OrderDate value "2/30/1997": date does not exist: February 1997 has 28 days',
    );
  });

  test("a two-digit year, which DuckDB's date reader takes for the year 96", async () => {
    await rejects(
      (dir) => editLine(dir, "Orders.csv", 12, (line) => line.replace(/(\d+\/\d+\/)\d\d(\d\d)/, "$1$2")),
      "Orders.csv:12 column OrderDate",
      "expected a date as M/D/YYYY",
    );
  });

  test("a negative quantity", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 6, (line) => line.replace(/,\d+$/, ",-5")),
      'OrderDetails.csv:6 column Quantity value "-5": Quantity must be greater than 0',
    );
  });

  test("a missing required value", async () => {
    await rejects(
      (dir) => editLine(dir, "Orders.csv", 7, (line) => line.replace(/^(\d+),\d+/, "$1,")),
      'Orders.csv:7 column CustomerID value "": value is required',
    );
  });

  test("a truncated row", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 100, (line) => line.split(",").slice(0, 2).join(",")),
      "OrderDetails.csv:100",
      "row has 2 fields, the header has 4 (truncated row?)",
    );
  });

  test("a missing column is named with the header found", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 1, (line) => line.replace("Quantity", "Qty")),
      "OrderDetails.csv:1 column Quantity: required column is missing from the header",
    );
  });

  test("every problem is listed up to 50, then counted", async () => {
    await rejects(
      (dir) =>
        editLines(dir, "OrderDetails.csv", (lines) =>
          lines.map((line, i) => (i >= 1 && i <= 60 ? line.replace(/,\d+$/, ",0") : line)),
        ),
      "... and 10 more",
    );
  });

  test("a duplicate key and a missing order are found by the checks after staging", async () => {
    await rejects(
      (dir) => editLines(dir, "Orders.csv", (lines) => [...lines, lines[1]]),
      "duplicate key: OrderID 10248 is already used on line 2",
    );
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 4, (line) => line.replace(/^(\d+),\d+/, "$1,99999999")),
      "refers to no row of Orders.csv (no OrderID 99999999)",
    );
  });

  test("a duplicate key in a file of text names the lines of both rows, as the Node path does", async () => {
    // Customers.csv is staged through a temporary table whose row ids are its lines: the file's order must hold.
    await rejects(
      (dir) => editLines(dir, "Customers.csv", (lines) => [...lines, lines[5]]),
      "duplicate key: CustomerID 5 is already used on line 6",
    );
  });

  test("a quote inside an unquoted field, or a quoted line break, is reported as the Node path does", async () => {
    await rejects(
      (dir) => editLine(dir, "Customers.csv", 40, (line) => line.replace(/^(\d+),([^,"]+)/, '$1,$2 "x"')),
      "Customers.csv:40: a quote appears inside an unquoted field",
    );
    await rejects((dir) => {
      editLine(dir, "Customers.csv", 5, (line) => line.replace(/^(\d+),([^,"]+)/, '$1,"$2\r\nsecond line"'));
      editLine(dir, "Customers.csv", 21, (line) => line.replace(/^\d+/, "x20"));
    }, 'Customers.csv:21 column CustomerID value "x20": expected a whole number');
  });

  test("a file with blank lines is read by the Node path, to the same warehouse and the same line numbers", async () => {
    // In the middle of a file and doubled at its end: OrderDetails.csv (numbers, read typed) and Customers.csv (text).
    const blank = (lines: string[]) => [...lines.slice(0, 50), "", ...lines.slice(50), "", ""];
    const summary = await accepts(
      (dir) => {
        editLines(dir, "OrderDetails.csv", blank);
        editLines(dir, "Customers.csv", blank);
      },
      ["Orders.csv"],
    );
    for (const file of ["OrderDetails.csv", "Customers.csv"])
      assert.equal(summary.files.find((f) => f.file === file)?.parsedBy, undefined, `${file} was read by DuckDB`);
    await rejects((dir) => {
      editLines(dir, "OrderDetails.csv", blank);
      editLine(dir, "OrderDetails.csv", 60, (line) => line.replace(/,\d+$/, ",-5"));
    }, 'OrderDetails.csv:60 column Quantity value "-5": Quantity must be greater than 0');
  });

  test("an extra unknown column is accepted with a warning", async () => {
    const summary = await accepts((dir) =>
      editLines(dir, "Orders.csv", (lines) => lines.map((line, i) => `${line},${i === 0 ? "Comment" : `note ${i}`}`)),
    );
    assert.deepEqual(summary.warnings, ["Orders.csv: ignoring unknown column Comment"]);
  });

  test("headers in another case and padded with blanks are accepted", async () => {
    await accepts((dir) =>
      editLine(dir, "Orders.csv", 1, () => ` orderid , CUSTOMERID,EmployeeId ,orderDATE${NBSP},shipperid`),
    );
  });

  test("LF line endings and a BOM are accepted", async () => {
    await accepts((dir) => {
      for (const file of FAST)
        writeBytes(dir, file, Buffer.from(readBytes(dir, file).toString("latin1").replaceAll("\r\n", "\n"), "latin1"));
      // Every CSV file is LF, or the Node path reads it as CRLF and the summaries differ.
      for (const file of [
        "Employees.csv",
        "Products.csv",
        "Shippers.csv",
        "Suppliers.csv",
        "categories.csv",
        "ProductCosts.csv",
      ])
        writeBytes(dir, file, Buffer.from(readBytes(dir, file).toString("latin1").replaceAll("\r\n", "\n"), "latin1"));
      writeBytes(dir, "Orders.csv", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readBytes(dir, "Orders.csv")]));
    });
  });

  test("cells padded with blanks and non-breaking spaces are trimmed", async () => {
    await accepts(
      (dir) => {
        for (const file of ["Orders.csv", "OrderDetails.csv", "Products.csv"])
          editLines(dir, file, (lines) =>
            lines.map((line, i) =>
              i === 0
                ? line
                : line
                    .split(",")
                    .map((f, j) => (j % 2 ? ` ${f}${NBSP}` : `${f}\t`))
                    .join(","),
            ),
          );
      },
      [...FAST, "Products.csv"],
    );
  });

  test("text cells are trimmed at either end alone, whatever letter ends them", async () => {
    // As latin1 text: "\xc3\xa9" is é, "\xcc\x81" a combining acute accent, "\xf0\x9f\x91\x8d" an emoji.
    const names = [
      `${NBSP}Ana`,
      "Bo\t",
      "Zo\xc3\xa9",
      `Jean${NBSP}Paul`,
      "Ren \xcc\x81",
      "\xf0\x9f\x91\x8d Shop",
      " \xc3\xa9 ",
    ];
    await accepts((dir) =>
      editLines(dir, "Customers.csv", (lines) =>
        lines.map((line, i) =>
          i >= 1 && i <= names.length ? line.replace(/^(\d+),([^,"]*)/, `$1,${names[i - 1]}`) : line,
        ),
      ),
    );
  });

  test("whole numbers with a sign or leading zeros and ISO dates give the same values", async () => {
    await accepts(
      (dir) => {
        editLines(dir, "Orders.csv", (lines) =>
          lines.map((line, i) =>
            i === 0
              ? line
              : line.replace(
                  /(\d+)\/(\d+)\/(\d{4})/,
                  (_, m, d, y) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`,
                ),
          ),
        );
        editLine(dir, "OrderDetails.csv", 3, (line) => line.replace(/,(\d+)$/, ",+$1"));
        editLine(dir, "OrderDetails.csv", 4, (line) => line.replace(/,(\d+)$/, ",00$1"));
      },
      ["Orders.csv"],
    );
  });

  test("zero-padded whole numbers of all-number files are read typed, to the Node path's values", async () => {
    const summary = await accepts((dir) => {
      editLine(dir, "OrderDetails.csv", 3, (line) => line.replace(/^(\d+),(\d+),(\d+)/, "$1,0000000000$2,00$3"));
      editLine(dir, "Orders.csv", 9, (line) => line.replace(/^(\d+),(\d+)/, "$1,000$2"));
    });
    assert.ok(summary.rows.order_details > 4000);
  });

  test("order lines whose keys do not rise by one from line to line get the same line numbers", async () => {
    // Two lines swapped and a gap: staged straight, their lines would be wrong; the check sends them the long way.
    await accepts((dir) =>
      editLines(dir, "OrderDetails.csv", (lines) => {
        const swapped = [lines[0], lines[2], lines[1], ...lines.slice(3)];
        swapped[10] = swapped[10].replace(/^\d+/, "900000");
        return swapped;
      }),
    );
  });

  test("a whole number beyond the range in an all-number file is reported as the Node path does", async () => {
    await rejects(
      (dir) => editLine(dir, "OrderDetails.csv", 7, (line) => line.replace(/,\d+$/, ",2147483648")),
      'OrderDetails.csv:7 column Quantity value "2147483648": whole number out of range',
    );
  });

  test("cells of digits, dashes and slashes, however arranged, load or fail alike both ways", async () => {
    // Every file stays numeric, so the fast path reads it typed first; the Node path is the reference.
    const whole = ["", "0", "1", "2", "3", "007", "0003", "-3", "-0", "12-", "1-2", "--1", "-", "/", "1/2"];
    whole.push("2147483647", "2147483648", "-2147483648", "-2147483649", "000000000000000000002", "99999999999");
    const dates = ["", "7/1/1996", "07/01/1996", "1/1/1000", "12/31/9999", "2/29/1996", "2/29/1997", "13/1/1996"];
    dates.push("0/1/1996", "7/1/96", "7/1/0999", "7//1996", "1996-07-04", "1996-7-4", "7/1/19960", "-7/1/1996");
    let seed = 17;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return Math.floor((seed / 2147483648) * n);
    };
    const outcomes = new Set<string>();
    for (let round = 0; round < 24; round++) {
      const orders = random(2) === 1;
      const field = orders ? 1 + random(4) : random(4); // Orders.csv: not its key, so the order lines still match
      const isDate = orders && field === 3;
      const pool = random(4) === 0 ? (isDate ? whole : dates) : isDate ? dates : whole;
      const token = pool[random(pool.length)];
      const file = orders ? "Orders.csv" : "OrderDetails.csv";
      const line = 2 + random(60);
      const result = await bothWays((dir) =>
        editLine(dir, file, line, (text) =>
          text
            .split(",")
            .map((f, i) => (i === field ? token : f))
            .join(","),
        ),
      );
      const what = `${file}:${line} field ${field} = "${token}"`;
      if (result.node.error) assert.equal(String(result.fast.error), String(result.node.error), what);
      else {
        assert.equal(result.fast.error, undefined, what);
        assert.deepEqual(await fingerprint(fast), await fingerprint(node), what);
      }
      outcomes.add(result.node.error ? "refused" : "loaded");
    }
    assert.deepEqual([...outcomes].sort(), ["loaded", "refused"]);
  });

  test("every staging query keeps the file's order, so that a row id is a line", async () => {
    // DuckDB keeps a file's order only through an order-preserving plan (BATCH_CREATE_TABLE_AS). An IN list, which
    // its optimiser turns into a hash join, loses it as soon as several threads read the file (duckdb/duckdb#24398):
    // a small file here would keep its order anyway, so the plans are what is checked, as each query runs.
    const plans: { sql: string; plan: string }[] = [];
    const prototype = Object.getPrototypeOf(fast) as Database;
    const exec = prototype.exec;
    prototype.exec = async function (this: Database, sql: string) {
      if (sql.startsWith("CREATE OR REPLACE TEMP TABLE fast_raw_")) {
        const rows = await this.query(`EXPLAIN ${sql}`);
        plans.push({ sql, plan: rows.map((row) => Object.values(row).join("\n")).join("\n") });
      }
      return exec.call(this, sql);
    };
    try {
      // A padded name: Customers.csv is read as written, then trimming.
      await accepts((dir) => editLine(dir, "Customers.csv", 2, (line) => line.replace(/^(\d+),/, `$1,${NBSP}`)));
    } finally {
      prototype.exec = exec;
    }
    // Every small file is staged this way too (the threshold is 0); Customers.csv twice.
    assert.ok(plans.some(({ sql }) => sql.includes("trim(")) && plans.length > 2, String(plans.length));
    for (const { plan } of plans) {
      assert.match(plan, /BATCH_CREATE_TABLE_AS/);
      assert.doesNotMatch(plan, /HASH_JOIN/);
    }
  });

  test("money is rounded half away from zero to the cent, as the Node path does", async () => {
    await accepts(
      (dir) => {
        const prices = ["18.125", "0.005", "19.9949", "12.", ".5", "+7.255", "1234567.895", "0.015"];
        editLines(dir, "Products.csv", (lines) =>
          lines.map((line, i) => (i === 0 || i > prices.length ? line : line.replace(/,[^,]*$/, `,${prices[i - 1]}`))),
        );
      },
      ["Products.csv", ...FAST],
    );
  });
});
