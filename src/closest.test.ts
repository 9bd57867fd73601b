import assert from "node:assert/strict";
import { test } from "node:test";
import { closest, didYouMean } from "./closest.js";

const COMMANDS = ["warehouse", "analyse", "report", "email", "generate", "scrape", "serve", "api-key", "sql"];

test("a word one or two edits from one candidate is taken for it, a swap of neighbours counting as one", () => {
  assert.equal(closest("anlyse", COMMANDS), "analyse");
  assert.equal(closest("analyze", COMMANDS), "analyse");
  assert.equal(closest("reprot", COMMANDS), "report");
  assert.equal(closest("--perod", ["--period", "--country", "--db"]), "--period");
  assert.equal(closest("Warehouse", COMMANDS), "warehouse");
});

test("nothing is suggested for a word far from every candidate, or as close to two", () => {
  assert.equal(closest("deploy", COMMANDS), undefined);
  assert.equal(closest("sqlx", COMMANDS), "sql");
  assert.equal(closest("ser", COMMANDS), undefined);
  assert.equal(closest("--dc", ["--db", "--dd"]), undefined);
});

test("a message gets the suggestion in one wording, or nothing when there is none", () => {
  assert.equal(didYouMean("anlyse", COMMANDS), " (did you mean analyse?)");
  assert.equal(didYouMean("deploy", COMMANDS), "");
});
