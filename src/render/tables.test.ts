import assert from "node:assert/strict";
import { test } from "node:test";
import type { Table } from "../analyse/analysis.js";
import { renderTable } from "./tables.js";

const table: Table = {
  id: "customers",
  title: "Customers by sales",
  columns: [
    { key: "name", label: "Customer", format: "text" },
    { key: "sales", label: "Sales", format: "money" },
    { key: "share", label: "Share", format: "percent" },
    { key: "change", label: "Change", format: "growth" },
  ],
  rows: [
    { name: "Ernst Handel", sales: 35631.21, share: 0.0922, change: 0.125 },
    { name: "QUICK-Stop", sales: 31845.29, share: 0.0824, change: -0.03 },
    { name: "Save-a-lot Markets", sales: 31004.14, share: 0.0802, change: null },
  ],
  limit: 2,
};

test("cells are written with the shared formats and growth is coloured by sign", () => {
  const t = renderTable(table);
  assert.deepEqual(
    t.rows.map((r) => r.cells.map((c) => c.text)),
    [
      ["Ernst Handel", "$35,631.21", "9.2%", "+12.5%"],
      ["QUICK-Stop", "$31,845.29", "8.2%", "-3.0%"],
    ],
  );
  assert.deepEqual(
    t.rows.map((r) => r.cells[3].tone),
    ["up", "down"],
  );
  assert.deepEqual(
    t.columns.map((c) => c.numeric),
    [false, true, true, true],
  );
});

test("a limit shows the top rows and says how many are left out", () => {
  const t = renderTable(table);
  assert.equal(t.rows.length, 2);
  assert.equal(t.hidden, 1);
  assert.equal(t.total, 3);
});

test("figures written as text align as numbers, and wide tables get denser type", () => {
  const keyFigures: Table = {
    id: "k",
    title: "Key figures",
    columns: [
      { key: "measure", label: "Measure" },
      { key: "value", label: "Value" },
    ],
    rows: [
      { measure: "Sales", value: "$386,424.23" },
      { measure: "First order", value: "1996-07-04" },
      { measure: "Growth", value: "n/a" },
    ],
  };
  const t = renderTable(keyFigures);
  assert.deepEqual(
    t.columns.map((c) => c.numeric),
    [false, true],
  );
  assert.equal(t.density, "narrow");
  const wide = renderTable({
    ...table,
    columns: Array.from({ length: 12 }, (_, i) => ({ key: `c${i}`, label: `C${i}` })),
  });
  assert.equal(wide.density, "denser");
});
