import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeColumnarCsv } from "./columnar-csv.js";
import { col, type StarTable } from "./star-table.js";

const table: StarTable = {
  name: "city_results",
  kind: "result",
  description: "",
  columns: [
    col("city", "text", ""),
    col("sales", "decimal", ""),
    col("share", "double", ""),
    col("thin", "boolean", ""),
    col("change", "double", ""),
  ],
};
const rows = {
  length: 2,
  columns: {
    city: ['=HYPERLINK("http://x")', "São Paulo, SP"],
    sales: Float64Array.from([1234.5, 0.1]),
    share: [0.123456789, 1],
    thin: [true, false],
    change: [null, Number.NaN],
  },
};

test("columns become a CSV with a BOM, money to the cent, full doubles, and formulas neutralised", async () => {
  const dir = mkdtempSync(join(tmpdir(), "columnar-"));
  try {
    await writeColumnarCsv(table, rows, join(dir, "guarded.csv"));
    await writeColumnarCsv(table, rows, join(dir, "plain.csv"), { spreadsheet: false });
    assert.equal(
      readFileSync(join(dir, "guarded.csv"), "utf8"),
      '\uFEFFcity,sales,share,thin,change\n"\'=HYPERLINK(""http://x"")",1234.50,0.123456789,true,\n"São Paulo, SP",0.10,1,false,\n',
    );
    // The CSV a Parquet file is made from keeps the exact text and has no BOM.
    assert.match(readFileSync(join(dir, "plain.csv"), "utf8"), /^city,sales[^\n]*\n"=HYPERLINK/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a table without rows is written as its header alone", async () => {
  const dir = mkdtempSync(join(tmpdir(), "columnar-"));
  try {
    const empty = { length: 0, columns: { city: [], sales: new Float64Array(0), share: [], thin: [], change: [] } };
    assert.deepEqual(await writeColumnarCsv(table, empty, join(dir, "empty.csv")), { guarded: 0 });
    assert.equal(readFileSync(join(dir, "empty.csv"), "utf8"), "\uFEFFcity,sales,share,thin,change\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a column the table names but the rows lack is an error naming both", async () => {
  await assert.rejects(
    writeColumnarCsv(table, { length: 0, columns: {} }, join(tmpdir(), "never.csv")),
    /Power BI table city_results: no values for column city/,
  );
});

test("many lines across several buffers are written exactly as each value's own text", async () => {
  const dir = mkdtempSync(join(tmpdir(), "columnar-"));
  const big: StarTable = {
    name: "customer_results",
    kind: "result",
    description: "",
    columns: [col("id", "integer", ""), col("tier", "text", ""), col("value", "double", ""), col("note", "text", "")],
  };
  const n = 120_000;
  const values = Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? -i : i / 7));
  // Past 2^53, NaN, either end of 32 bits and past them, and -0 (written 0, as String(-0) is).
  const edges: Record<number, number> = { 5: 2 ** 53 + 2, 6: NaN, 7: -(2 ** 31), 8: 2 ** 31 - 1, 9: 2 ** 31, 10: -0 };
  const ids = Float64Array.from({ length: n }, (_, i) => edges[i] ?? i - 3);
  const tiers = Array.from({ length: n }, (_, i) => ["Gold", "Silver", null, "-1 dup"][i % 4]);
  // One cell longer than the slack the writer keeps: the buffer grows for it.
  const notes = Array.from({ length: n }, (_, i) => (i === 70_000 ? "x,".repeat(50_000) : `n${i % 20_000}`));
  try {
    const { guarded } = await writeColumnarCsv(
      big,
      { length: n, columns: { id: ids, tier: tiers, value: values, note: notes } },
      join(dir, "big.csv"),
    );
    const text = (v: number) => (Number.isNaN(v) ? "" : String(v));
    const expected = Array.from(
      { length: n },
      (_, i) =>
        `${text(ids[i])},${tiers[i] === null ? "" : tiers[i] === "-1 dup" ? "'-1 dup" : tiers[i]},${text(values[i])},${notes[i].includes(",") ? `"${notes[i]}"` : notes[i]}\n`,
    ).join("");
    assert.equal(readFileSync(join(dir, "big.csv"), "utf8"), `\uFEFFid,tier,value,note\n${expected}`);
    assert.equal(guarded, n / 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
