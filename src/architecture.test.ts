import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * The layers of ARCHITECTURE.md, enforced: a folder of src/ imports only
 * folders of a lower layer, so no import runs back up and no folder-level
 * cycle can form. Tests are exempt (they may assemble several layers).
 */
const LAYERS: string[][] = [
  [
    "closest",
    "commonjs",
    "config",
    "dates",
    "display-path",
    "number-style",
    "owned-folder",
    "printable",
    "threads",
    "trace",
  ],
  ["db", "charts", "chromium"],
  ["load"],
  ["generate"],
  ["scrape"],
  ["analyse"],
  ["analyses", "explore", "model"],
  ["deliver"],
  ["run"],
  ["notebook"],
  ["render"],
  ["api"],
  ["cli", "index", "entry", "security"],
  ["bench"],
];

const SRC = dirname(fileURLToPath(import.meta.url));
const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));
/** The top folder of a source file, or a root file's name (config, dates, index). */
const folderOf = (file: string) => relative(SRC, file).split("/")[0].replace(/\.ts$/, "");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every relative import, static or dynamic, as [importing folder, imported folder, file]. */
function folderImports(): [string, string, string][] {
  const edges: [string, string, string][] = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/(?:\bfrom|\bimport\()\s*["'](\.{1,2}\/[^"']+)\.js["']/g)) {
      const from = folderOf(file);
      const to = folderOf(resolve(dirname(file), `${m[1]}.ts`));
      if (from !== to) edges.push([from, to, relative(SRC, file)]);
    }
  }
  return edges;
}

test("every folder of src/ has a layer in ARCHITECTURE.md", () => {
  const folders = new Set(sources(SRC).map(folderOf));
  const missing = [...folders].filter((f) => !rank.has(f));
  assert.deepEqual(
    missing,
    [],
    `add these folders to a layer (ARCHITECTURE.md and LAYERS here): ${missing.join(", ")}`,
  );
});

test("imports run one way: each folder imports only folders of a lower layer, so no folder-level cycle exists", () => {
  const upward = folderImports()
    .filter(([from, to]) => rank.has(from) && rank.has(to) && rank.get(to)! >= rank.get(from)!)
    .map(([from, to, file]) => `${file}: ${from} (layer ${rank.get(from)}) imports ${to} (layer ${rank.get(to)})`);
  assert.deepEqual(upward, []);
});

test("the check sees an upward import when there is one", () => {
  // analyse/ (the toolkit) importing run/ would be one.
  assert.ok(rank.get("run")! > rank.get("analyse")!);
  assert.ok(
    folderImports().some(([from, to]) => from === "run" && to === "analyse"),
    "the runner imports the toolkit",
  );
});
