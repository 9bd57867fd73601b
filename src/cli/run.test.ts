import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { COMMANDS } from "./commands.js";
import { defineCommand, helpText } from "./run.js";

const example = defineCommand({
  name: "example",
  description: "Does the example thing.",
  epilogue: "Exit codes: 0 done, 1 failure, 2 usage error.",
  options: {
    period: { type: "string", value: "P", default: "all", description: "the period" },
    to: { type: "string", value: "LIST", required: true, description: "recipients, separated by commas" },
    db: {
      type: "string",
      value: "URL",
      description: "the warehouse",
      defaultText: "SALES_DB, else duckdb:data/warehouse.duckdb",
    },
    check: { type: "boolean", default: false, description: "write nothing" },
  },
  async run() {},
});

test("the help is generated from the options: usage line, one line per option with its default, description and epilogue", () => {
  assert.equal(
    helpText(example),
    `Usage: npm run example -- [--period P] --to LIST [--db URL] [--check]

Does the example thing.

Options:
  --period P  the period (default: all)
  --to LIST   recipients, separated by commas
  --db URL    the warehouse (default: SALES_DB, else
              duckdb:data/warehouse.duckdb)
  --check     write nothing
  -h, --help  show this help

Exit codes: 0 done, 1 failure, 2 usage error.
`,
  );
  assert.match(helpText(example, "sales-insight example"), /^Usage: sales-insight example \[--period P\]/);
});

test("long descriptions wrap at 80 columns under their option, and long usage lines at 100", () => {
  const long = defineCommand({
    name: "long",
    options: Object.fromEntries(
      Array.from(
        { length: 12 },
        (_, i) => [`option-${i}`, { type: "string", value: "VALUE", description: "words ".repeat(30).trim() }] as const,
      ),
    ),
    async run() {},
  });
  const lines = helpText(long).split("\n");
  assert.ok(
    lines.every((l) => l.length <= 100),
    "no line over 100",
  );
  assert.ok(
    lines.slice(lines.indexOf("Options:")).every((l) => l.length <= 80),
    "option lines within 80",
  );
  assert.match(helpText(long), /^ {2}--option-0 VALUE +words words/m);
});

test("a command that takes arguments shows them before its options", () => {
  const keys = defineCommand({
    name: "api-key",
    arguments: "create|list|revoke",
    options: { name: { type: "string", value: "NAME", description: "the key's name" } },
    async run() {},
  });
  assert.match(
    helpText(keys, "sales-insight api-key"),
    /^Usage: sales-insight api-key create\|list\|revoke \[--name NAME\]\n/,
  );
});

test("a command in the older shape prints its hand-written usage as before", () => {
  const old = defineCommand({
    name: "old",
    usage: "\nUsage: npm run old\n\nIt is old.\n",
    options: { x: { type: "string" } },
    async run() {},
  });
  assert.equal(helpText(old), "Usage: npm run old\n\nIt is old.\n");
});

test("every command of the registry has its npm script and describes every option", async () => {
  const scripts = (
    JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  for (const entry of COMMANDS) {
    assert.ok(scripts[entry.name], `no npm script "${entry.name}"`);
    const command = await entry.load();
    assert.equal(command.name, entry.name);
    assert.equal(command.usage, undefined, `${entry.name} still has a hand-written usage`);
    for (const [name, spec] of Object.entries(command.options))
      assert.ok(spec.description, `${entry.name} --${name} has no description`);
  }
});
