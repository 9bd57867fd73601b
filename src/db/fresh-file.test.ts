import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { freshDuckDBFile, loadingInto } from "./fresh-file.js";

const dir = mkdtempSync(join(tmpdir(), "fresh-file-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("undo removes the new file, its log and the folders made for it, deepest first", () => {
  const file = join(dir, "a", "b", "w.duckdb");
  const fresh = freshDuckDBFile(`duckdb:${file}`);
  assert.ok(fresh);
  mkdirSync(join(dir, "a", "b"), { recursive: true });
  writeFileSync(file, "db");
  writeFileSync(`${file}.wal`, "log");
  fresh.undo();
  assert.equal(existsSync(join(dir, "a")), false);
  assert.ok(existsSync(dir));
});

test("undo leaves a folder that something else was put into meanwhile", () => {
  const file = join(dir, "c", "w.duckdb");
  const fresh = freshDuckDBFile(`duckdb:${file}`);
  mkdirSync(join(dir, "c"));
  writeFileSync(file, "db");
  writeFileSync(join(dir, "c", "notes.txt"), "not ours");
  fresh!.undo();
  assert.equal(existsSync(file), false);
  assert.ok(existsSync(join(dir, "c", "notes.txt")));
});

test("a file that exists, an in-memory database and a server have nothing to undo", () => {
  const file = join(dir, "there.duckdb");
  writeFileSync(file, "db");
  assert.equal(freshDuckDBFile(`duckdb:${file}`), null);
  assert.equal(freshDuckDBFile("duckdb::memory:"), null);
  assert.equal(freshDuckDBFile("postgres://u@127.0.0.1:5432/sales"), null);
});

test("a load into a new DuckDB file that fails leaves no file; one that succeeds keeps it", async () => {
  const file = join(dir, "load", "w.duckdb");
  await assert.rejects(
    loadingInto(`duckdb:${file}`, async (db) => {
      await db.exec("CREATE TABLE half (x INTEGER)");
      throw new Error("bad extract");
    }),
    /bad extract/,
  );
  assert.equal(existsSync(join(dir, "load")), false);
  await loadingInto(`duckdb:${file}`, (db) => db.exec("CREATE TABLE whole (x INTEGER)"));
  assert.ok(existsSync(file));
});
