import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "../db/connect.js";
import { loadWarehouse } from "../load/warehouse.js";
import { analyses } from "../run/registry.js";

const cli = (...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", "src/cli/analyse.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, SALES_DB: "" },
  });

describe("npm run analyse", () => {
  let dir: string;
  let url: string;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), "analyse-cli-"));
    url = `duckdb:${join(dir, "warehouse.duckdb")}`;
    const db = await connect(url);
    await loadWarehouse(db, { dataDir: "data" });
    await db.close();
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test("--help lists every option with its default", () => {
    const r = cli("--help");
    assert.equal(r.status, 0);
    for (const option of [
      "--period P",
      "(default: all)",
      "--country C",
      "--category K",
      "--db URL",
      "--data DIR",
      "--out DIR",
      "reports/<period>",
      "--no-powerbi",
      "--fiscal-year-start MONTH",
      "SALES_FISCAL_YEAR_START",
    ])
      assert.ok(r.stdout.includes(option), option);
    const help = r.stdout.replace(/\s+/g, " ");
    for (const { key } of analyses()) assert.ok(help.includes(key), `--only names ${key}`);
  });

  test("a fiscal year start that is no month is a usage error naming the option or the variable", () => {
    const option = cli("--fiscal-year-start", "13", "--db", url);
    assert.equal(option.status, 2);
    assert.match(option.stderr, /--fiscal-year-start: expected the month the fiscal year starts in.*got "13"/);
    const variable = spawnSync(process.execPath, ["--import", "tsx", "src/cli/analyse.ts", "--db", url], {
      encoding: "utf8",
      env: { ...process.env, SALES_DB: "", SALES_FISCAL_YEAR_START: "Juli" },
    });
    assert.equal(variable.status, 2);
    assert.match(variable.stderr, /SALES_FISCAL_YEAR_START: expected .*got "Juli"/);
  });

  test("a run writes the outputs and ends with a one-line summary", () => {
    const out = join(dir, "jan");
    const r = cli("--period", "1997-01", "--db", url, "--out", out, "--no-powerbi");
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^analysed 1997-01: \$[\d,.]+ sales, 33 orders, \d+ analyses, \d+ charts in [\d.]+ s, written in [\d.]+ s → .*jan\n$/,
    );
    assert.equal(JSON.parse(readFileSync(join(out, "figures.json"), "utf8")).orders, 33);
    assert.ok(existsSync(join(out, "commentary.md")));
  });

  test("a DuckDB warehouse that is not there is refused by name, and no empty one is left in its place", () => {
    const missing = join(dir, "typo", "warehouse.duckdb");
    const r = cli("--db", `duckdb:${missing}`, "--out", join(dir, "never"));
    assert.equal(r.status, 1);
    assert.match(r.stderr, /No DuckDB warehouse at .*typo\/warehouse\.duckdb: load it first/);
    assert.equal(existsSync(join(dir, "typo")), false);
    assert.equal(existsSync(join(dir, "never")), false);
  });

  test("a run of one analysis counts it in the singular", () => {
    const r = cli("--period", "1997-01", "--db", url, "--out", join(dir, "one"), "--no-powerbi", "--only", "locations");
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /, 33 orders, 1 analysis, 3 charts in /);
  });

  test("with --progress each analysis is named as it starts, then the writing, one line each on stderr", () => {
    const out = join(dir, "progress");
    const r = cli(
      "--period",
      "1997-01",
      "--db",
      url,
      "--out",
      out,
      "--no-powerbi",
      "--only",
      "customers,employees",
      "--progress",
    );
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(r.stderr.trimEnd().split("\n"), [
      `analysing 1997-01 on ${url} (read-only): Sales overview (1/3)…`,
      `analysing 1997-01 on ${url} (read-only): Customers: loyalty program (2/3)…`,
      `analysing 1997-01 on ${url} (read-only): Employees: reward program (3/3)…`,
      `writing ${out}…`,
    ]);
  });

  test("analyses read a DuckDB warehouse read-only: two run side by side, beside a notebook's reader", async () => {
    const notebook = await connect(url, { readOnly: true });
    try {
      const run = (name: string) =>
        new Promise<{ code: number | null; stderr: string }>((done) => {
          const child = spawn(
            process.execPath,
            ["--import", "tsx", "src/cli/analyse.ts", "--db", url, "--out", join(dir, name), "--period", "1997-01"],
            { env: { ...process.env, SALES_DB: "" } },
          );
          let stderr = "";
          child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
          child.on("close", (code) => done({ code, stderr }));
        });
      const both = await Promise.all([run("side-a"), run("side-b")]);
      for (const r of both) assert.equal(r.code, 0, r.stderr);
      const figures = (name: string) => JSON.parse(readFileSync(join(dir, name, "figures.json"), "utf8")).total_sales;
      assert.ok(figures("side-a") > 0);
      assert.equal(figures("side-a"), figures("side-b"));
    } finally {
      await notebook.close();
    }
  });

  test("the Power BI project reads its files from the folder the run ends in, not the hidden one it was written in", () => {
    const out = join(dir, "with-powerbi");
    const r = cli("--period", "1997-01", "--db", url, "--out", out);
    assert.equal(r.status, 0, r.stderr);
    const expressions = readFileSync(
      join(out, "powerbi", "SalesInsight.SemanticModel", "definition", "expressions.tmdl"),
      "utf8",
    );
    assert.ok(
      expressions.includes(`expression ExtractFolder = ${JSON.stringify(join(out, "powerbi"))} meta`),
      expressions,
    );
  });

  test("an unknown period, country or database is a usage error (exit 2) that says what is expected", () => {
    const period = cli("--period", "1997-13", "--db", url);
    assert.equal(period.status, 2);
    assert.match(period.stderr, /Unknown period "1997-13": expected all, a year/);
    const country = cli("--country", "Atlantis", "--db", url);
    assert.equal(country.status, 2);
    assert.match(country.stderr, /Unknown country "Atlantis": expected one of Argentina, Austria/);
    const db = cli("--db", "oracle://x");
    assert.equal(db.status, 2);
    assert.match(db.stderr, /Unknown database URL/);
    assert.equal(cli("--bogus").status, 2);
  });

  test("a period outside the data says where the data is", () => {
    const r = cli("--period", "2030", "--db", url);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /No orders in 2030: the data runs from 1996-07-04 to 1997-02-12/);
  });
});
