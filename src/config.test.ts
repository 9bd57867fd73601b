import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assumedMargin, ConfigError, DEFAULT_COST_ASSUMPTIONS, loadCostAssumptions } from "./config.js";

function withFile(content: string, check: (dir: string) => void) {
  const dir = mkdtempSync(join(tmpdir(), "config-"));
  try {
    writeFileSync(join(dir, "cost-assumptions.json"), content);
    check(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("without cost-assumptions.json the defaults apply", () => {
  assert.equal(loadCostAssumptions("data"), DEFAULT_COST_ASSUMPTIONS);
  assert.equal(assumedMargin(DEFAULT_COST_ASSUMPTIONS, "Seafood"), 0.22);
  assert.equal(assumedMargin(DEFAULT_COST_ASSUMPTIONS, "Toys"), 0.3);
});

test("cost-assumptions.json overrides the margins it names and keeps the others", () => {
  withFile('{ "default_margin": 0.25, "margins": { "Seafood": 0.3 } }', (dir) => {
    const a = loadCostAssumptions(dir);
    assert.equal(assumedMargin(a, "Seafood"), 0.3);
    assert.equal(assumedMargin(a, "Beverages"), 0.35);
    assert.equal(assumedMargin(a, "Toys"), 0.25);
    assert.equal(a.source, join(dir, "cost-assumptions.json"));
  });
});

test("a bad margin is an error naming the file, the key and what is expected", () => {
  withFile('{ "margins": { "Seafood": 30 } }', (dir) => {
    assert.throws(
      () => loadCostAssumptions(dir),
      (e: Error) =>
        e instanceof ConfigError && /margins\["Seafood"\] is 30: expected a margin as a share of sales/.test(e.message),
    );
  });
  withFile("{ margins: }", (dir) => assert.throws(() => loadCostAssumptions(dir), /not valid JSON/));
  withFile('{ "margin": 0.3 }', (dir) => assert.throws(() => loadCostAssumptions(dir), /unknown key margin/));
});
