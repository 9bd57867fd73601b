import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import iconv from "iconv-lite";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { copyExtract, editLines, EXTRACT_FIGURES, totalSales } from "../load/testing.js";
import { loadWarehouse } from "../load/warehouse.js";

/** Issue 10, point 6: extracts as SQL Server's and Excel's tools really write them. */

let db: Database;
before(async () => {
  db = await connect("duckdb::memory:");
});
after(async () => db.close());

function withExtract<T>(edit: (dir: string) => void, work: (dir: string) => Promise<T>): Promise<T> {
  const extract = copyExtract();
  edit(extract.dir);
  return work(extract.dir).finally(extract.dispose);
}

describe("extracts from SQL Server and Excel", () => {
  test("a UTF-16 LE file with a BOM (SSMS's Unicode export) is decoded, names and all", async () => {
    await withExtract(
      (dir) => {
        for (const file of ["Customers.csv", "Products.csv"]) {
          const text = iconv.decode(readFileSync(join(dir, file)), "win1252");
          writeFileSync(join(dir, file), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
        }
      },
      async (dir) => {
        const summary = await loadWarehouse(db, { dataDir: dir });
        assert.equal(summary.files.find((f) => f.table === "customers")!.encoding, "utf16le-bom");
        assert.equal(await totalSales(db), EXTRACT_FIGURES.total);
        const [row] = await db.query<{ n: number }>(
          "SELECT count(*) AS n FROM customers WHERE customer_name = 'Mère Paillarde' OR customer_name LIKE '%' || chr(0) || '%'",
        );
        assert.equal(Number(row.n), 1, "decoded, without NUL bytes");
      },
    );
  });

  test("a semicolon-separated file is refused with what it is and what to do", async () => {
    await withExtract(
      (dir) => editLines(dir, "Shippers.csv", (lines) => lines.map((l) => l.replaceAll(",", ";"))),
      (dir) =>
        assert.rejects(
          loadWarehouse(db, { dataDir: dir }),
          /Shippers\.csv:1 .*separated by semicolons, not commas: export it again as comma-separated CSV/,
        ),
    );
  });

  test("SQL Server's datetime text with a midnight time is a date; another time of day is refused", async () => {
    const iso = (us: string) => {
      const [m, d, y] = us.split("/");
      return `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`;
    };
    await withExtract(
      (dir) =>
        editLines(dir, "Orders.csv", (lines) =>
          lines.map((l, i) => (i === 0 || !l ? l : l.replace(/(\d+\/\d+\/\d{4})/, (us) => `${iso(us)} 00:00:00.000`))),
        ),
      async (dir) => {
        await loadWarehouse(db, { dataDir: dir });
        assert.equal(await totalSales(db), EXTRACT_FIGURES.total);
      },
    );
    await withExtract(
      (dir) =>
        editLines(dir, "Orders.csv", (lines) =>
          lines.map((l, i) => (i === 1 ? l.replace(/7\/4\/1996/, "1996-07-04 13:45:00.000") : l)),
        ),
      (dir) => assert.rejects(loadWarehouse(db, { dataDir: dir }), /Orders\.csv:2 .*time of day other than midnight/),
    );
  });

  test("rows of only commas, as Excel writes them, are skipped like blank lines", async () => {
    await withExtract(
      (dir) =>
        editLines(dir, "OrderDetails.csv", (lines) => [
          ...lines.slice(0, 5),
          ",,,",
          ...lines.slice(5),
          ",,,",
          " , , , ",
        ]),
      async (dir) => {
        const summary = await loadWarehouse(db, { dataDir: dir });
        assert.equal(summary.rows.order_details, 518);
        assert.equal(await totalSales(db), EXTRACT_FIGURES.total);
      },
    );
  });

  test("--data naming a file says it is a file", async () => {
    await assert.rejects(
      loadWarehouse(db, { dataDir: "data/Orders.csv" }),
      /data\/Orders\.csv.*is a file, not a folder: give the folder that holds the extracts \(--data data\)/,
    );
  });
});
