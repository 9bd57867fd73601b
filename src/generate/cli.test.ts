import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, test } from "node:test";
import { main } from "../cli/generate.js";

const project = fileURLToPath(new URL("../../", import.meta.url));
const out = mkdtempSync(join(tmpdir(), "generate-cli-test-"));
after(() => rmSync(out, { recursive: true, force: true }));

/** The command as a process, for its real exit status: `npm run generate -- ...args` without npm's banner. */
function spawnGenerate(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "src/cli/generate.ts", ...args], {
    cwd: project,
    encoding: "utf8",
  });
}

/** The command in this process, with stderr as a pipe (not a terminal): faster for the many cases. */
async function runGenerate(...args: string[]) {
  let stdout = "";
  let stderr = "";
  const status = await main(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t), terminal: false });
  return { status, stdout, stderr };
}

test("--help documents every option with its default and exits 0", () => {
  const run = spawnGenerate("--help");
  assert.equal(run.status, 0);
  for (const option of [
    "--orders",
    "--customers",
    "--seed",
    "--out",
    "--encoding",
    "--start",
    "--months",
    "--progress",
    "--help",
  ]) {
    assert.ok(run.stdout.includes(option), option);
  }
  for (const value of [
    "default: 42",
    "default: data/generated",
    "default: utf8",
    "default: 1996-07-01",
    "default: 36",
    "max(91, orders / 8)",
  ]) {
    assert.ok(run.stdout.includes(value), value);
  }
  assert.equal(run.stderr, "");
});

test("a bad argument exits 2 with the reason on stderr", () => {
  const run = spawnGenerate("--orders", "many");
  assert.equal(run.status, 2);
  assert.equal(
    run.stderr,
    'generate: --orders must be a whole number, not "many"\nRun with --help to see the options.\n',
  );
  assert.equal(run.stdout, "");
});

test("every kind of bad argument is a usage error with its reason", async () => {
  const cases: [string[], RegExp][] = [
    [[], /--orders is required/],
    [["--orders=-5"], /--orders must be a whole number, not "-5"/],
    [["--orders", "-5"], /Option '--orders' argument is ambiguous/],
    [["--orders", "10", "--encoding", "latin1"], /--encoding must be utf8 or cp1252, not latin1/],
    [["--orders", "10", "--customers", "11"], /customers cannot outnumber orders/],
    [["--orders", "10", "--months", "0"], /months must be a whole number from 1/],
    [["--orders", "10", "--start", "1996-13-01"], /start must be a date written YYYY-MM-DD/],
    [["--orders", "10", "--seed", "4294967296"], /seed must be a whole number from 0 to 4,294,967,295/],
    [["--orders", "10", "--colour", "red"], /Unknown option '--colour'/],
    [["--orders", "10", "extra"], /Unexpected argument 'extra'/],
  ];
  for (const [args, reason] of cases) {
    const run = await runGenerate(...args);
    assert.equal(run.status, 2, args.join(" "));
    assert.match(run.stderr, reason, args.join(" "));
    assert.match(run.stderr, /Run with --help/);
    assert.equal(run.stdout, "");
  }
});

test("a run prints one summary line on stdout and, on a pipe without --progress, nothing on stderr", async () => {
  const run = await runGenerate("--orders", "1_000", "--seed", "3", "--out", out);
  assert.equal(run.stderr, "");
  assert.equal(run.status, 0);
  assert.match(run.stdout, /^generated 1,000 orders, [\d,]+ order lines, 125 customers in .+ \(utf8\) in \d+\.\d s\n$/);
  assert.equal(readdirSync(out).length, 11, "ten extract files and generate-manifest.json");
});

test("--profile picks the customer process; an unknown one exits 2 naming the choices", async () => {
  const help = spawnGenerate("--help");
  for (const text of ["--profile P", "small-customers", "default: types"]) assert.ok(help.stdout.includes(text), text);
  const bad = await runGenerate("--orders", "100", "--profile", "big");
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--profile must be one of types, btyd, small-customers, not "big"/);
  const ok = await runGenerate(
    "--orders",
    "3000",
    "--profile",
    "small-customers",
    "--months",
    "12",
    "--out",
    join(out, "small"),
  );
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /generated 3,000 orders, [\d,]+ order lines, 1,000 customers/);
});

test("a folder holding anything but an earlier data set is refused (exit 2) with its files untouched", async () => {
  const mine = join(out, "mine");
  mkdirSync(mine);
  writeFileSync(join(mine, "Customers.csv"), "the real extract\n");
  const run = await runGenerate("--orders", "10", "--out", mine);
  assert.equal(run.status, 2);
  assert.match(
    run.stderr,
    /--out .*mine is not empty and holds no generate-manifest\.json.*\(Customers\.csv\): choose an empty or new folder/,
  );
  assert.deepEqual(readdirSync(mine), ["Customers.csv"]);
  assert.equal(readFileSync(join(mine, "Customers.csv"), "utf8"), "the real extract\n");
});

test("an earlier data set is replaced, its manifest saying what the last run was asked for and wrote", async () => {
  const again = join(out, "again");
  assert.equal((await runGenerate("--orders", "10", "--out", again)).status, 0);
  assert.equal((await runGenerate("--orders", "20", "--seed", "3", "--out", again)).status, 0);
  const manifest = JSON.parse(readFileSync(join(again, "generate-manifest.json"), "utf8"));
  assert.equal(manifest.complete, true);
  assert.deepEqual([manifest.options.orders, manifest.options.seed, manifest.written.orders], [20, 3, 20]);
  assert.ok(manifest.files.includes("OrderDetails.csv"));
});
