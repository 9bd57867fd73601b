import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { importsOf, NotebookKernel } from "./kernel.js";
import type { NotebookJson } from "./nbformat.js";
import { NotebookError, runNotebooks } from "./notebooks.js";

const NOTEBOOKS = fileURLToPath(new URL("../../notebooks/", import.meta.url));

function notebook(...cells: string[]): NotebookJson {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((source, i) => ({
      id: `c${i}`,
      cell_type: "code" as const,
      metadata: i === 0 ? { tags: ["parameters"] } : {},
      source,
      outputs: [],
      execution_count: null,
    })),
  };
}

test("a notebook's imports, gathered as one cell, are what its first code cells import", () => {
  assert.equal(
    importsOf(join(NOTEBOOKS, "07-segmentation.ipynb")),
    [
      `import { analysis, segmentCustomer, showTables, showCharts, showSection } from "../dist/notebook/index.js";`,
      `import type { SegmentationModel } from "../dist/notebook/index.js";`,
    ].join("\n"),
  );
});

describe("a kernel started ahead of its notebooks", () => {
  const dir = mkdtempSync(join(tmpdir(), "notebook-kernel-"));
  after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(
    join(dir, "01-first.ipynb"),
    JSON.stringify(
      notebook(`let x: number = 1;`, `import { join } from "node:path";`, `console.log(join("a", String(x)))`),
    ),
  );
  writeFileSync(join(dir, "02-second.ipynb"), JSON.stringify(notebook(`let x: number = 1;`, `console.log(x * 2)`)));

  test("runs the folder's notebooks in order, with the parameters, after warming up on the first one's imports", async () => {
    const kernel = NotebookKernel.start(dir);
    try {
      kernel.warm(join(dir, "01-first.ipynb"));
      const done = await runNotebooks(dir, { x: 21 }, { kernel });
      assert.deepEqual(
        done.map((nb) => nb.name),
        ["01-first", "02-second"],
      );
      assert.deepEqual(done[0].notebook.cells.at(-1)!.outputs, [
        { output_type: "stream", name: "stdout", text: ["a/21\n"] },
      ]);
      assert.deepEqual(done[1].notebook.cells.at(-1)!.outputs, [
        { output_type: "stream", name: "stdout", text: ["42\n"] },
      ]);
    } finally {
      kernel.close();
    }
  });

  test("a failing cell rejects with the notebook and the cell, as in-process", async () => {
    const broken = mkdtempSync(join(tmpdir(), "notebook-kernel-broken-"));
    writeFileSync(
      join(broken, "01-broken.ipynb"),
      JSON.stringify(notebook(`let x: number = 1;`, `throw new Error("no data")`)),
    );
    const kernel = NotebookKernel.start(broken);
    try {
      await assert.rejects(runNotebooks(broken, { x: 5 }, { kernel }), (e: NotebookError) => {
        assert.ok(e instanceof NotebookError);
        assert.deepEqual([e.notebook, e.cell], ["01-broken", 2]);
        assert.match(e.detail, /no data/);
        return true;
      });
    } finally {
      kernel.close();
      rmSync(broken, { recursive: true, force: true });
    }
  });

  test("refuses a notebook of another folder: its compilers are rooted in one", async () => {
    const kernel = NotebookKernel.start(dir);
    try {
      await assert.rejects(
        kernel.run([join(NOTEBOOKS, "03-customers.ipynb")], {}),
        /the notebook kernel of .* cannot run .*03-customers\.ipynb: it compiles one folder's notebooks/,
      );
    } finally {
      kernel.close();
    }
  });
});

test("a kernel whose worker has gone rejects the notebooks instead of waiting for them", async () => {
  const kernel = NotebookKernel.start(NOTEBOOKS);
  kernel.close();
  await assert.rejects(
    kernel.run([join(NOTEBOOKS, "03-customers.ipynb")], {}),
    /the notebook worker exited \(.*\) before the notebooks ran/,
  );
});

test("the worker starts from src/ when tsx was registered in-process, as scripts/run.mjs does", async () => {
  const fork = fileURLToPath(new URL("./fork-worker.ts", import.meta.url));
  const script = `
    import { register } from ${JSON.stringify(import.meta.resolve("tsx/esm/api"))};
    register();
    const { forkNotebookWorker } = await import(${JSON.stringify(fork)});
    const child = forkNotebookWorker();
    child.on("message", (m) => m.type === "ready" && child.send({ type: "exit" }));
    child.on("exit", (code) => console.log("worker exited with", code));`;
  // A script file, not -e (a forked child inherits node's -e), started without --import tsx.
  const dir = mkdtempSync(join(tmpdir(), "notebook-kernel-tsx-"));
  writeFileSync(join(dir, "start.mjs"), script);
  const { stdout } = await promisify(execFile)(process.execPath, [join(dir, "start.mjs")], {
    cwd: fileURLToPath(new URL("../../", import.meta.url)),
  }).finally(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(stdout.trim(), "worker exited with 0");
});
