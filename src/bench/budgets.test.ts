import assert from "node:assert/strict";
import { test } from "node:test";
import { budgetLines } from "./budgets.js";
import type { BenchRow } from "./table.js";

const at10M = { size: "10M (10,165,331 lines)", lines: 10_000_000 };

test("each budget whose row was run reads as the measure against its limit, within or over", () => {
  const rows: BenchRow[] = [
    {
      ...at10M,
      stage: "load",
      ours: { wall: 4.66, cpu: 8.53, peak: 397e6 },
      reference: "DuckDB read_csv floor",
      theirs: { wall: 3.02, cpu: 4.42, peak: 407e6 },
    },
    {
      ...at10M,
      stage: "full analyse",
      ours: { wall: 15.9, cpu: 26.7, peak: 825e6 },
      reference: "the four analyses alone",
      theirs: { wall: 3.91, cpu: 6.35, peak: 726e6 },
    },
    {
      size: "2.6M (2,644,641 lines)",
      lines: 2_600_000,
      stage: "report (HTML and PDF)",
      ours: { wall: 15.0, cpu: 23.5, peak: 486e6 },
      reference: "",
      theirs: null,
    },
  ];
  assert.deepEqual(budgetLines(rows), [
    "- load at 10M (10,165,331 lines): 1.54x DuckDB read_csv floor, budget 1.50x: over",
    "- full analyse at 10M (10,165,331 lines): 15.9 s, budget 10.0 s: over",
    "- full analyse at 10M (10,165,331 lines): peak 825 MB, budget 1000 MB: within",
    "- report (HTML and PDF) at 2.6M (2,644,641 lines): 15.0 s, budget 20.0 s: within",
  ]);
});

test("a budget goes by the size asked for: other sizes, and stages it does not name, give no line", () => {
  const row: BenchRow = {
    size: "1M (1,017,776 lines)",
    lines: 1_000_000,
    stage: "full analyse",
    ours: { wall: 6.59, cpu: 10.4, peak: 381e6 },
    reference: "the four analyses alone",
    theirs: { wall: 2.05, cpu: 2.78, peak: 253e6 },
  };
  assert.deepEqual(budgetLines([row]), []);
  assert.deepEqual(budgetLines([{ ...row, ...at10M, stage: "four analyses, on the warehouse" }]), []);
});

test("without GNU time the peak is unknown, and the budget says so instead of a verdict", () => {
  const row: BenchRow = {
    ...at10M,
    stage: "full analyse",
    ours: { wall: 9.5, cpu: null, peak: null },
    reference: "the four analyses alone",
    theirs: { wall: 3.9, cpu: null, peak: null },
  };
  assert.deepEqual(budgetLines([row]), [
    "- full analyse at 10M (10,165,331 lines): 9.50 s, budget 10.0 s: within",
    "- full analyse at 10M (10,165,331 lines): peak unknown (no /usr/bin/time), budget 1000 MB",
  ]);
});
