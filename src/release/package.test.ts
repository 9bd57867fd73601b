import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { ensureDist } from "../render/build.js";

/**
 * The package as a user receives it: `npm pack` holds the compiled code, the
 * SQL, templates, notebooks and the sample extract, and nothing of the
 * project's own work (tests, fixtures, packs, sources, source maps); installed
 * into a fresh project with no overrides, every subpath imports, a consumer's
 * TypeScript compiles against its types under --strict, and the bin answers.
 * The install comes from npm's cache when the packages are there (--prefer-offline).
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  version: string;
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
};
const work = mkdtempSync(join(tmpdir(), "package-test-"));
after(() => rmSync(work, { recursive: true, force: true }));

interface Packed {
  filename: string;
  size: number;
  unpackedSize: number;
  files: { path: string }[];
}
let packed: Packed;

before(async () => {
  await ensureDist();
  // Scripts off: `prepare` would compile again, which ensureDist has just done.
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", work], {
    cwd: root,
    maxBuffer: 16 << 20,
  });
  packed = (JSON.parse(stdout) as Packed[])[0]!;
});

describe("npm pack", () => {
  test("holds the code, SQL, templates, notebooks and sample extract, and no tests, fixtures, packs, sources or maps", (t) => {
    const paths = packed.files.map((f) => f.path);
    const allowed =
      /^(dist|sql|templates|notebooks)\/|^data\/[^/]+\.csv$|^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/;
    assert.deepEqual(
      paths.filter((p) => !allowed.test(p)),
      [],
    );
    const unwanted = /\.test\.|(^|\/)testing\.|fixtures|\.map$|tsbuildinfo|^reports\/|^src\/|\.duckdb/;
    assert.deepEqual(
      paths.filter((p) => unwanted.test(p)),
      [],
    );
    for (const target of Object.values(pkg.exports).flatMap((e) =>
      typeof e === "string" ? [e] : [e.types, e.default],
    ))
      assert.ok(paths.includes(target.replace(/^\.\//, "")), `${target} is exported but not packed`);
    for (const bin of Object.values(pkg.bin)) assert.ok(paths.includes(bin), `bin ${bin} is not packed`);
    assert.ok(statSync(join(work, packed.filename)).size < 2_000_000, "the tarball stays small");
    t.diagnostic(
      `${packed.filename}: ${(packed.size / 1024).toFixed(0)} KiB packed, ${(packed.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${paths.length} files`,
    );
  });

  test("its declarations import only the package's own dependencies and Node's modules", async () => {
    const known = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.optionalDependencies)]);
    const strays: string[] = [];
    for (const path of packed.files.map((f) => f.path).filter((p) => p.endsWith(".d.ts"))) {
      const text = readFileSync(join(root, path), "utf8");
      for (const [, spec] of text.matchAll(/(?:from |import\()"([^".][^"]*)"/g)) {
        const name = spec!.startsWith("@") ? spec!.split("/").slice(0, 2).join("/") : spec!.split("/")[0]!;
        if (!name.startsWith("node:") && !known.has(name)) strays.push(`${path}: ${spec}`);
      }
    }
    assert.deepEqual(strays, []);
  });
});

describe("installed into a fresh project", () => {
  const consumer = join(work, "consumer");
  const exec = (file: string, args: string[]) =>
    run(file, args, {
      cwd: consumer,
      maxBuffer: 16 << 20,
      env: { ...process.env, npm_config_update_notifier: "false" },
    });

  before(async () => {
    mkdirSync(consumer);
    writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
    const started = performance.now();
    await exec("npm", [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      join(work, packed.filename),
      "@types/node@20",
    ]);
    process.stderr.write(`consumer install: ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  });

  test("every subpath imports, and sales-insight/segment quickly", async (t) => {
    const subpaths = Object.keys(pkg.exports)
      .filter((k) => k !== "./package.json")
      .map((k) => `sales-insight${k.slice(1)}`);
    const script = `
      const t0 = performance.now();
      await import("sales-insight/segment");
      const segment = performance.now() - t0;
      const names = {};
      for (const s of ${JSON.stringify(subpaths)}) names[s] = Object.keys(await import(s)).length;
      console.log(JSON.stringify({ segment, names }));`;
    const { stdout } = await exec(process.execPath, ["--input-type=module", "-e", script]);
    const { segment, names } = JSON.parse(stdout) as { segment: number; names: Record<string, number> };
    for (const s of subpaths) assert.ok(names[s]! > 0, `${s} exports nothing`);
    t.diagnostic(`import "sales-insight/segment": ${segment.toFixed(0)} ms (installed, compiled)`);
    assert.ok(segment < 1500, `importing sales-insight/segment took ${segment.toFixed(0)} ms`);
  });

  test("a consumer's TypeScript compiles against the types under --strict", async () => {
    writeFileSync(join(consumer, "consumer.ts"), CONSUMER_TS);
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          noEmit: true,
          skipLibCheck: true,
          types: ["node"],
        },
        files: ["consumer.ts"],
      }),
    );
    // The project's own compiler: the consumer's choice of version is theirs.
    await exec(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "."]).catch(
      (error: { stdout: string }) => {
        assert.fail(`tsc failed:\n${error.stdout}`);
      },
    );
  });

  test("npx sales-insight --help lists the commands, and each command answers --help", async () => {
    const { stdout } = await exec("npx", ["--no-install", "sales-insight", "--help"]);
    assert.match(stdout, /^Usage: sales-insight <command> \[options\]/);
    for (const command of ["warehouse", "analyse", "report", "email", "generate", "sql"])
      assert.match(stdout, new RegExp(`^  ${command} `, "m"));
    const { stdout: version } = await exec("npx", ["--no-install", "sales-insight", "--version"]);
    assert.equal(version.trim(), pkg.version);
    const { stdout: help } = await exec("npx", ["--no-install", "sales-insight", "warehouse", "--help"]);
    assert.match(help, /^Usage: sales-insight warehouse \[--data DIR\] \[--db URL\]/);
  });

  test("the bin loads the installed sample extract into an embedded warehouse", async () => {
    const db = `duckdb:${join(consumer, "warehouse.duckdb")}`;
    const { stdout } = await exec("npx", [
      "--no-install",
      "sales-insight",
      "warehouse",
      "--data",
      "node_modules/sales-insight/data",
      "--db",
      db,
    ]);
    assert.match(stdout, /^loaded [\d,]+ rows from 8 files/);
  });
});

const CONSUMER_TS = `
import { runAnalyses, type AnalysisRun } from "sales-insight";
import { segmentCustomer, SegmentInputError, type SegmentationModel, type SegmentResult } from "sales-insight/segment";
import { predictCustomerSales, type CustomerPrediction, type OrderHistory, type PredictionModel } from "sales-insight/predict";
import { analysisContext, connect, loadWarehouse, type Database, type LoadSummary } from "sales-insight/warehouse";

export async function load(url: string): Promise<LoadSummary> {
  const db: Database = await connect(url);
  try {
    const summary = await loadWarehouse(db, { dataDir: "data" });
    const ctx = await analysisContext(db, { period: "1997" });
    const label: string = ctx.period.label;
    return label ? summary : summary;
  } finally {
    await db.close();
  }
}

export function segment(model: SegmentationModel): SegmentResult | string {
  try {
    const result = segmentCustomer({ orders: [{ date: "1997-01-15", amount: 120 }] }, model);
    const name: string = result.segment;
    return name ? result : result;
  } catch (error) {
    if (error instanceof SegmentInputError) return error.message;
    throw error;
  }
}

export function predict(history: OrderHistory, model: PredictionModel): CustomerPrediction[] {
  return predictCustomerSales([history], 90, model);
}

export type Run = AnalysisRun;
export const analyses: typeof runAnalyses = runAnalyses;
`;
