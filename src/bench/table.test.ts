import assert from "node:assert/strict";
import { test } from "node:test";
import { benchTable, formatMeasure, ratio } from "./table.js";

test("a measure reads as wall time, CPU time in brackets and peak memory", () => {
  assert.equal(formatMeasure({ wall: 8.123, cpu: 12.5, peak: 761_000_000 }), "8.12 s (12.5 s), 761 MB");
  assert.equal(formatMeasure({ wall: 161, cpu: 200, peak: 24_300_000_000 }), "2 min 41 s (3 min 20 s), 24.3 GB");
  assert.equal(formatMeasure({ wall: 0.5, cpu: null, peak: null }), "0.50 s");
});

test("a time rounds to whole seconds before it is split into minutes", () => {
  assert.equal(formatMeasure({ wall: 179.6, cpu: 239.5, peak: null }), "3 min 0 s (4 min 0 s)");
  assert.equal(formatMeasure({ wall: 119.6, cpu: 119.4, peak: null }), "2 min 0 s (119.4 s)");
});

test("the ratios are the project's wall or CPU time over the reference's, blank without a reference", () => {
  assert.equal(ratio({ wall: 9, cpu: 1, peak: 1 }, { wall: 6, cpu: 4, peak: 1 }), "1.50x");
  assert.equal(ratio({ wall: 9, cpu: 1, peak: 1 }, { wall: 6, cpu: 4, peak: 1 }, "cpu"), "0.25x");
  assert.equal(ratio({ wall: 9, cpu: 1, peak: 1 }, null), "");
  assert.equal(ratio({ wall: 9, cpu: null, peak: null }, { wall: 6, cpu: 4, peak: 1 }, "cpu"), "");
});

test("the table is Markdown with one row per stage and aligned columns", () => {
  const table = benchTable([
    {
      size: "1M",
      lines: 1_000_000,
      stage: "load",
      ours: { wall: 2, cpu: 3, peak: 300e6 },
      reference: "read_csv floor",
      theirs: { wall: 1, cpu: 1.5, peak: 200e6 },
    },
    {
      size: "1M",
      lines: 1_000_000,
      stage: "report",
      ours: { wall: 40, cpu: 50, peak: 900e6 },
      reference: "",
      theirs: null,
    },
  ]);
  assert.equal(
    table,
    [
      "| size | stage  | this project: wall (CPU), peak | reference      | reference: wall (CPU), peak | ratio | CPU ratio |",
      "|------|--------|--------------------------------|----------------|-----------------------------|-------|-----------|",
      "| 1M   | load   | 2.00 s (3.00 s), 300 MB        | read_csv floor | 1.00 s (1.50 s), 200 MB     | 2.00x | 2.00x     |",
      "| 1M   | report | 40.0 s (50.0 s), 900 MB        |                |                             |       |           |",
    ].join("\n") + "\n",
  );
});
