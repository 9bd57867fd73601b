import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { basename, delimiter, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { connect } from "../db/connect.js";
import { loadWarehouse } from "../load/warehouse.js";
import { SECTION_MIME } from "../notebook/section.js";
import { ensureDist } from "./build.js";
import { errorOutputs, injectParameters, listNotebooks, writeNotebook } from "./notebooks.js";
import { readNotebook, type NotebookJson } from "./nbformat.js";

/**
 * The interactive path, proven: real Jupyter (nbconvert, with nbclient
 * underneath) runs every notebook with the tslab kernel, as an analyst's
 * JupyterLab would. Each notebook gets its parameters injected the way the
 * headless runner does (so it reads a scratch warehouse, never data/), and the
 * copies sit beside a link to dist/ so `../dist/notebook/index.js` resolves.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DATA = join(ROOT, "data");
const BIN = join(ROOT, "node_modules", ".bin");

/** A Python that has nbconvert: JUPYTER_PYTHON, else Debian's, else the first on PATH. */
function findPython(): string | undefined {
  for (const python of [process.env.JUPYTER_PYTHON, "/usr/bin/python3", "python3"].filter((p): p is string =>
    Boolean(p),
  )) {
    try {
      execFileSync(python, ["-c", "import nbconvert, nbclient"], { stdio: "ignore" });
      return python;
    } catch {
      // Not this one.
    }
  }
  return undefined;
}

const python = findPython();
const reason =
  "Jupyter is not installed (need a python3 with nbconvert and nbclient, e.g. apt-get install jupyter-nbconvert python3-nbclient)";

const scratch = mkdtempSync(join(tmpdir(), "notebooks-jupyter-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

test(
  "real Jupyter runs every notebook with the tslab kernel, without an error",
  { skip: python ? false : reason, timeout: 600_000 },
  async (t) => {
    await ensureDist();
    const env = {
      ...process.env,
      PATH: `${BIN}${delimiter}${process.env.PATH ?? ""}`,
      // Kernelspec, runtime files and config in the scratch folder: nothing in ~/.
      JUPYTER_PATH: join(scratch, "jupyter", "share", "jupyter"),
      JUPYTER_RUNTIME_DIR: join(scratch, "runtime"),
      JUPYTER_CONFIG_DIR: join(scratch, "config"),
      JUPYTER_DATA_DIR: join(scratch, "data"),
    };
    execFileSync(
      process.execPath,
      [
        join(ROOT, "node_modules", "tslab", "bin", "tslab"),
        "install",
        `--python=${python}`,
        "--prefix",
        join(scratch, "jupyter"),
      ],
      {
        env,
        stdio: "pipe",
      },
    );

    const url = `duckdb:${join(scratch, "warehouse.duckdb")}`;
    const db = await connect(url);
    try {
      await loadWarehouse(db, { dataDir: DATA });
    } finally {
      await db.close();
    }

    const dir = join(scratch, "notebooks");
    mkdirSync(dir);
    symlinkSync(join(ROOT, "dist"), join(scratch, "dist"));
    const names = listNotebooks(join(ROOT, "notebooks")).map((path) => {
      const { notebook } = injectParameters(readNotebook(path), { db: url, data: DATA });
      writeNotebook(join(dir, basename(path)), notebook);
      return basename(path);
    });

    // Each nbconvert runs its notebooks in turn, each in its own kernel (most
    // of a notebook's time is the kernel starting); one per core shares the work.
    const out = join(scratch, "out");
    const started = performance.now();
    const lanes = Math.min(2, availableParallelism());
    const nbconvert = (batch: string[]) =>
      promisify(execFile)(
        python!,
        [
          "-m",
          "jupyter",
          "nbconvert",
          "--to",
          "notebook",
          "--execute",
          "--ExecutePreprocessor.timeout=600",
          "--output-dir",
          out,
          ...batch,
        ],
        {
          cwd: dir,
          env,
          maxBuffer: 64 << 20,
        },
      );
    try {
      await Promise.all(
        Array.from({ length: lanes }, (_, lane) => nbconvert(names.filter((_, i) => i % lanes === lane))),
      );
    } catch (error) {
      assert.fail(
        `nbconvert failed:\n${String((error as { stderr?: string }).stderr ?? error)
          .split("\n")
          .slice(-40)
          .join("\n")}`,
      );
    }
    t.diagnostic(
      `nbconvert ran ${names.length} notebooks in ${((performance.now() - started) / 1000).toFixed(1)} s, ${lanes} at a time`,
    );

    for (const name of names) {
      const nb = JSON.parse(readFileSync(join(out, name), "utf8")) as NotebookJson;
      assert.deepEqual(errorOutputs(nb), [], name);
      const outputs = nb.cells.flatMap((c) => c.outputs ?? []);
      assert.ok(
        outputs.some((o) => o.output_type === "display_data" && SECTION_MIME in o.data),
        `${name} hands the report its section`,
      );
      const charts = outputs.filter(
        (o) => o.output_type === "display_data" && "application/vnd.vegalite.v5+json" in o.data,
      );
      assert.ok(charts.length > 0, `${name} draws charts`);
      for (const c of charts as { data: Record<string, unknown> }[])
        assert.ok("image/svg+xml" in c.data, `${name}: every chart has its SVG fallback`);
    }
  },
);
