import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, before, describe, test } from "node:test";
import { connect } from "../db/connect.js";
import { checkOutDir, OutDirError } from "../deliver/out-dir.js";
import { loadWarehouse } from "../load/warehouse.js";
import { writeAtomically } from "../render/pack.js";

/** Issue 10, point 2: --out replaces only what this tool wrote. */

const cli = (name: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", `src/cli/${name}.ts`, ...args], {
    encoding: "utf8",
    env: { ...process.env, SALES_DB: "", SALES_PROGRESS: "0" },
  });

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), "out-dir-test-"));
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe("checkOutDir", () => {
  test("refuses the filesystem root, the home folder, the project, the data folder and every folder above them", () => {
    const data = join(dir, "extracts");
    mkdirSync(data);
    for (const [out, what] of [
      ["/", /filesystem root/],
      [homedir(), /home folder/],
      [".", /project|working folder/],
      ["..", /project|working folder/],
      [data, /data folder/],
      [dir, /data folder.*contains it/],
    ] as const)
      assert.throws(
        () => checkOutDir(out, { dataDir: data }),
        (e: Error) => e instanceof OutDirError && what.test(e.message),
        out,
      );
  });

  test("takes a new or empty folder and refuses one holding a user's file", () => {
    assert.deepEqual(checkOutDir(join(dir, "new")), []);
    mkdirSync(join(dir, "empty"));
    assert.deepEqual(checkOutDir(join(dir, "empty")), []);
    mkdirSync(join(dir, "mine"));
    writeFileSync(join(dir, "mine", "budget.xlsx"), "x");
    assert.throws(() => checkOutDir(join(dir, "mine")), /not empty and holds no manifest\.json.*budget\.xlsx/);
    writeFileSync(join(dir, "a-file"), "x");
    assert.throws(() => checkOutDir(join(dir, "a-file")), /is a file, not a folder/);
  });

  test("takes a previous pack its manifest lists, and refuses it once a user's file sits inside", () => {
    const pack = join(dir, "pack");
    mkdirSync(join(pack, "powerbi"), { recursive: true });
    writeFileSync(join(pack, "report.html"), "x");
    writeFileSync(join(pack, "powerbi", "fact_sales.csv"), "x");
    writeFileSync(
      join(pack, "manifest.json"),
      JSON.stringify({ outputs: ["manifest.json", "powerbi/fact_sales.csv", "report.html"] }),
    );
    assert.deepEqual(checkOutDir(pack), ["manifest.json", "powerbi/fact_sales.csv", "report.html"]);
    writeFileSync(join(pack, "powerbi", "sales.pbix"), "the user's dashboard");
    assert.throws(() => checkOutDir(pack), /files the earlier pack did not write \(powerbi\/sales\.pbix\)/);
  });
});

describe("npm run report and npm run analyse with a dangerous --out", () => {
  test("report --out .. / / / data exits 2 with the reason before doing any work, and deletes nothing", () => {
    for (const out of ["..", "/", "data", "reports"]) {
      const r = cli("report", "--out", out, "--format", "html", "--db", `duckdb:${join(dir, "never.duckdb")}`);
      assert.equal(r.status, 2, `${out}: ${r.stderr}`);
      assert.match(r.stderr, /--out .*(would replace|not empty)/, out);
    }
    assert.ok(
      existsSync(resolve("data/Customers.csv")) && existsSync(resolve(".git")),
      "the checkout and the data are intact",
    );
    assert.equal(existsSync(join(dir, "never.duckdb")), false, "refused before the warehouse stage");
  });

  test("analyse replaces its own earlier outputs but never a user's file in charts/ or powerbi/", async () => {
    const url = `duckdb:${join(dir, "w.duckdb")}`;
    const db = await connect(url);
    await loadWarehouse(db, { dataDir: "data" });
    await db.close();
    const out = join(dir, "analysis");
    assert.equal(cli("analyse", "--db", url, "--out", out, "--only", "customers").status, 0);
    const again = cli("analyse", "--db", url, "--out", out, "--only", "customers");
    assert.equal(again.status, 0, again.stderr);
    writeFileSync(join(out, "powerbi", "sales.pbix"), "the user's dashboard");
    writeFileSync(join(out, "charts", "notes.txt"), "mine");
    const refused = cli("analyse", "--db", url, "--out", out, "--only", "customers");
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /files the earlier pack did not write \(charts\/notes\.txt, powerbi\/sales\.pbix\)/);
    assert.equal(readFileSync(join(out, "powerbi", "sales.pbix"), "utf8"), "the user's dashboard");
    assert.ok(readdirSync(join(out, "charts")).length > 1, "the earlier charts are still there too");
  });
});

describe("packs left behind by a killed run", () => {
  test("stale .partial folders are removed and a stranded previous pack is put back on the next run", async () => {
    const root = join(dir, "packs");
    const dead = 2 ** 22 + 12345; // above Linux's default pid_max: no such process
    mkdirSync(join(root, `.all.partial-${dead}-abc123`), { recursive: true });
    mkdirSync(join(root, `.q1.old-${dead}-abc123`), { recursive: true });
    writeFileSync(join(root, `.q1.old-${dead}-abc123`, "report.html"), "previous");
    await writeAtomically(join(root, "all"), async (tmp) => writeFileSync(join(tmp, "report.html"), "new"));
    await writeAtomically(join(root, "q1"), async (tmp) => {
      assert.equal(
        readFileSync(join(dirname(tmp), "q1", "report.html"), "utf8"),
        "previous",
        "restored before the build",
      );
    });
    assert.deepEqual(readdirSync(root).sort(), ["all", "q1"]);
  });
});
