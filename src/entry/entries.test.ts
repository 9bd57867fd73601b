import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath, pathToFileURL } from "node:url";

/**
 * The package's subpaths load only what they need: a fresh process imports
 * one entry while a module hook records every module resolved (and require's
 * cache every CommonJS one), and the
 * heavy ones (database drivers, the browser, the notebook runner, the chart
 * renderer) must not be among them.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "entries-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const hook = join(dir, "hook.mjs");
writeFileSync(
  hook,
  `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.TRACE_FILE, resolved.url + "\\n");
  return resolved;
}
`,
);
const register = join(dir, "register.mjs");
writeFileSync(
  register,
  `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hook).href)});\n`,
);

/**
 * Then every CommonJS module loaded, which the hook does not see when it is required (src/commonjs.ts) rather than
 * imported: require's cache holds them all.
 */
const CJS = `
const { createRequire } = await import("node:module");
const { appendFileSync } = await import("node:fs");
appendFileSync(process.env.TRACE_FILE, Object.keys(createRequire(process.cwd() + "/").cache).join("\\n") + "\\n");`;

/** What runs the TypeScript sources themselves (tsx, and the esbuild it requires), not what an entry loads. */
const TOOLING = new Set(["tsx", "esbuild"]);

/** The npm packages a fresh process loads when it imports `entry` (a path under src/). */
function packagesLoadedBy(entry: string): Set<string> {
  const trace = join(dir, `${entry.replaceAll("/", "-")}.txt`);
  writeFileSync(trace, "");
  const url = pathToFileURL(join(root, "src", entry)).href;
  execFileSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "--import",
      register,
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(url)});${CJS}`,
    ],
    {
      cwd: root,
      env: { ...process.env, TRACE_FILE: trace },
    },
  );
  const packages = new Set<string>();
  for (const line of readFileSync(trace, "utf8").split("\n")) {
    const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (match && !TOOLING.has(match[1])) packages.add(match[1]);
  }
  return packages;
}

const DRIVERS = ["@duckdb/node-api", "@duckdb/node-bindings", "pg", "pg-copy-streams", "mssql", "tedious"];
const RENDERING = ["puppeteer-core", "tslab", "vega", "vega-lite", "@resvg/resvg-js", "handlebars", "marked"];

test("sales-insight/segment loads no database driver, browser, notebook runner, chart renderer or k-means", () => {
  const loaded = packagesLoadedBy("entry/segment.ts");
  for (const heavy of [...DRIVERS, ...RENDERING, "ml-kmeans"]) assert.ok(!loaded.has(heavy), `${heavy} was loaded`);
  assert.deepEqual([...loaded], [], "segmenting a customer needs no npm package at all");
});

test("sales-insight/predict loads only its regression library", () => {
  const loaded = packagesLoadedBy("entry/predict.ts");
  for (const heavy of [...DRIVERS, ...RENDERING]) assert.ok(!loaded.has(heavy), `${heavy} was loaded`);
});

test("sales-insight/warehouse loads no driver until a URL is opened, and no rendering", () => {
  const loaded = packagesLoadedBy("entry/warehouse.ts");
  for (const heavy of [...DRIVERS, ...RENDERING.filter((p) => p !== "handlebars")])
    assert.ok(!loaded.has(heavy), `${heavy} was loaded`);
});

test("the runner of the analyses loads no chart renderer: a run draws its charts once its analyses are done", () => {
  // Vega, Vega-Lite and resvg: about 0.3 s of compiling before a run's first query (run/outputs.ts loads them).
  const loaded = packagesLoadedBy("run/index.ts");
  for (const heavy of ["vega", "vega-lite", "@resvg/resvg-js"]) assert.ok(!loaded.has(heavy), `${heavy} was loaded`);
  // What it does load: the models' numerical libraries (so the hook did see the runner's imports).
  for (const used of ["simple-statistics", "numeric"]) assert.ok(loaded.has(used), `${used} was not loaded`);
});

test("the entries export what their documentation promises", async () => {
  const segment = await import("./segment.js");
  for (const name of ["segmentCustomer", "loadSegmentationModel", "checkModel", "segmentAll", "SegmentInputError"])
    assert.equal(typeof segment[name as keyof typeof segment], "function", name);
  const predict = await import("./predict.js");
  for (const name of [
    "predictCustomerSales",
    "readPredictionModel",
    "trainModel",
    "loadSnapshot",
    "PredictionInputError",
  ])
    assert.equal(typeof predict[name as keyof typeof predict], "function", name);
  const warehouse = await import("./warehouse.js");
  for (const name of ["connect", "loadWarehouse", "analysisContext", "resolvePeriod", "MissingDriverError"])
    assert.equal(typeof warehouse[name as keyof typeof warehouse], "function", name);
});
