import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { copyExtract, editLine } from "../load/testing.js";

/**
 * Text from the extracts reaches the terminal in the commands' messages: a
 * load's problems quote the cell, a filter lists the data's countries. A cell
 * holding escape sequences must show as text there, not act: retitle the
 * window, clear the screen, recolour or hide what follows, or fake a line.
 */

const CLI = (name: string) => fileURLToPath(new URL(`../cli/${name}.ts`, import.meta.url));
const work = mkdtempSync(join(tmpdir(), "terminal-"));
after(() => rmSync(work, { recursive: true, force: true }));

const cli = (name: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", CLI(name), ...args], { encoding: "utf8" });

/** Bytes a terminal acts on: C0 controls but the line break, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const ACTING = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;

test("a cell of escape sequences and a line break is quoted in a refused load as escapes, on one line", () => {
  const extract = copyExtract();
  try {
    editLine(extract.dir, "OrderDetails.csv", 2, (line) =>
      line.replace(/,[^,]*$/, ',"7\x1b]0;pwned\x07\x1b[2J\x1b[8m\nOrderDetails.csv:9 column Quantity: fake"'),
    );
    const r = cli("warehouse", "--data", extract.dir, "--db", `duckdb:${join(work, "w.duckdb")}`);
    assert.equal(r.status, 1);
    assert.doesNotMatch(r.stderr, ACTING);
    assert.ok(
      r.stderr.includes(
        'OrderDetails.csv:2 column Quantity value "7\\u{1b}]0;pwned\\u{7}\\u{1b}[2J\\u{1b}[8m\\nOrderDetails.csv:9 column Quantity: fake"',
      ),
      r.stderr,
    );
    assert.equal(r.stderr.match(/^ {2}OrderDetails\.csv:/gm)?.length, 1, "one problem, one line");
  } finally {
    extract.dispose();
  }
});

const HIDDEN = "Germany\x1b[8m\x1b]0;pwned\x07";

test("a country whose name hides what follows is shown as escapes, in a filter's choices and in the run's summary", () => {
  const extract = copyExtract();
  try {
    editLine(extract.dir, "Customers.csv", 2, (line) => line.replace(/,[^,]*$/, `,${HIDDEN}`));
    const db = `duckdb:${join(work, "countries.duckdb")}`;
    assert.equal(cli("warehouse", "--data", extract.dir, "--db", db).status, 0);
    const r = cli("analyse", "--db", db, "--data", extract.dir, "--country", "Atlantis", "--out", join(work, "out"));
    assert.equal(r.status, 2, r.stderr);
    assert.doesNotMatch(r.stderr, ACTING);
    assert.match(r.stderr, /Unknown country "Atlantis".*Germany\\u\{1b\}\[8m\\u\{1b\}\]0;pwned\\u\{7\}/);

    const chosen = cli("analyse", "--db", db, "--data", extract.dir, "--country", HIDDEN, "--out", join(work, "out"));
    assert.equal(chosen.status, 0, chosen.stderr);
    assert.doesNotMatch(chosen.stdout + chosen.stderr, ACTING);
    assert.match(chosen.stdout, /^analysed all \(Germany\\u\{1b\}\[8m\\u\{1b\}\]0;pwned\\u\{7\}\): /);
  } finally {
    extract.dispose();
  }
});
