import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { inspectFolder, preview } from "./owned-folder.js";

const root = mkdtempSync(join(tmpdir(), "owned-folder-"));
after(() => rmSync(root, { recursive: true, force: true }));

const folder = (name: string, files: Record<string, string>) => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(dir, file, ".."), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
};
const named = (json: unknown) => (json as { files?: string[] }).files ?? null;

test("a missing folder, a file and a folder holding only empty folders are told apart", () => {
  assert.deepEqual(inspectFolder(join(root, "nowhere"), "m.json", named), { state: "missing" });
  writeFileSync(join(root, "a-file"), "x");
  assert.deepEqual(inspectFolder(join(root, "a-file"), "m.json", named), { state: "file" });
  mkdirSync(join(root, "hollow", "inner"), { recursive: true });
  assert.deepEqual(inspectFolder(join(root, "hollow"), "m.json", named), { state: "empty" });
});

test("a folder without the manifest, or with one the command did not write, is someone else's", () => {
  const mine = folder("mine", { "budget.xlsx": "x", "notes/plan.txt": "y" });
  assert.deepEqual(inspectFolder(mine, "m.json", named), {
    state: "foreign",
    entries: ["budget.xlsx", "notes/plan.txt"],
  });
  const broken = folder("broken", { "m.json": "{ not json", "a.csv": "1" });
  assert.deepEqual(inspectFolder(broken, "m.json", named), { state: "foreign", entries: ["a.csv", "m.json"] });
  const other = folder("other", { "m.json": "{}", "a.csv": "1" });
  assert.deepEqual(inspectFolder(other, "m.json", named), { state: "foreign", entries: ["a.csv", "m.json"] });
});

test("a folder with the manifest is the command's, and the files the manifest does not name are listed", () => {
  const earlier = folder("earlier", {
    "m.json": JSON.stringify({ files: ["a.csv", "charts/b.svg"] }),
    "a.csv": "1",
    "charts/b.svg": "<svg/>",
  });
  assert.deepEqual(inspectFolder(earlier, "m.json", named), {
    state: "owned",
    files: ["a.csv", "charts/b.svg", "m.json"],
    foreign: [],
  });
  writeFileSync(join(earlier, "charts", "notes.txt"), "mine");
  assert.deepEqual(inspectFolder(earlier, "m.json", named), {
    state: "owned",
    files: ["a.csv", "charts/b.svg", "charts/notes.txt", "m.json"],
    foreign: ["charts/notes.txt"],
  });
});

test("a message shows three names and how many there are in all", () => {
  assert.equal(preview(["a", "b"]), "a, b");
  assert.equal(preview(["a", "b", "c", "d", "e"]), "a, b, c, … 5 files");
  assert.equal(preview(["a", "b", "c", "d"], "entries"), "a, b, c, … 4 entries");
});
