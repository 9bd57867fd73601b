import type { ChildProcess } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, resolve } from "node:path";
import { SECTION_MIME, type Section } from "../notebook/section.js";
import { type Cell, type NotebookJson, type Output, hasTag, lines, readNotebook, text } from "./nbformat.js";
import { closeWarehouses } from "../notebook/warehouse.js";
import { ensureDist } from "./build.js";
import { forkNotebookWorker } from "./fork-worker.js";
import type { NotebookKernel } from "./kernel.js";
import { Converters, TslabSession } from "./tslab.js";

/**
 * Runs the notebooks headlessly, as papermill does for Python: parameters are
 * injected in a cell after the one tagged `parameters`, every code cell runs
 * in order in tslab's own executor, outputs are written back into the
 * notebook, and the sections each notebook displays for the report are
 * collected. A failing cell stops the run with the notebook, cell and error.
 */

export type NotebookParams = Record<string, string | number | boolean | null>;

export interface ExecutedNotebook {
  /** File name without `.ipynb`, e.g. `03-customers`. */
  name: string;
  path: string;
  /** nbformat 4 JSON with outputs and execution counts filled in. */
  notebook: NotebookJson;
  /** What the notebook displayed for the report, in display order. */
  sections: Section[];
  /** Parameters passed but not declared by the notebook (skipped, as papermill warns and goes on). */
  warnings: string[];
  seconds: number;
}

export class NotebookError extends Error {
  override name = "NotebookError";
  constructor(
    /** File name without `.ipynb`. */
    readonly notebook: string,
    /** 1-based position of the failing cell in the notebook file. */
    readonly cell: number,
    /** The error text (type errors, or the exception with its stack). */
    readonly detail: string,
    /** The notebook as far as it ran, the failing cell's error output included. */
    readonly executed?: NotebookJson,
  ) {
    // The message says what and where; the stack stays in `detail` and the notebook.
    const summary = detail
      .split("\n")
      .filter((line) => !/^\s+at /.test(line))
      .join("\n")
      .trim();
    super(`${notebook}: cell ${cell} failed: ${summary}`);
  }
}

export interface RunNotebookOptions {
  /** Called before each code cell: its 1-based number among the code cells, and how many there are. */
  onCell?: (cell: number, cells: number) => void;
  /** A cell that runs longer fails. Default 600 s. */
  timeoutSeconds?: number;
  /** tslab compilers to reuse (of the notebook's folder): saves seconds per notebook. */
  converters?: Converters;
}

const INJECTED_TAG = "injected-parameters";

/**
 * Runs one notebook. Cells run in the notebook's folder, as in Jupyter, so
 * pass paths in `params` (a DuckDB file, the data folder) as absolute paths.
 */
export async function runNotebook(
  path: string,
  params: NotebookParams = {},
  options: RunNotebookOptions = {},
): Promise<ExecutedNotebook> {
  const started = performance.now();
  const file = resolve(path);
  const name = basename(file, ".ipynb");
  const source = readNotebook(file);
  const { notebook, injectedAt, warnings } = injectParameters(source, params, name);
  const code = notebook.cells.filter((c) => c.cell_type === "code");
  const sections: Section[] = [];
  // Position in the file the user opens, which has no injected cell.
  const fileCell = (i: number) => (injectedAt >= 0 && i >= injectedAt ? i : i + 1);

  const session = new TslabSession(dirname(file), options.converters);
  try {
    let count = 0;
    for (const [i, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      count += 1;
      options.onCell?.(count, code.length);
      const run = await session.run(text(cell.source), options.timeoutSeconds);
      cell.outputs = run.outputs;
      cell.execution_count = count;
      if (!run.ok) {
        const detail = run.error!.traceback.join("\n");
        throw new NotebookError(
          name,
          fileCell(i),
          i === injectedAt ? `injected parameters: ${detail}` : detail,
          notebook,
        );
      }
      sections.push(...collectSections(run.outputs, name));
    }
  } finally {
    session.close();
    // Each notebook opens its own connections (as its kernel would); none outlives it.
    await closeWarehouses();
  }
  const seconds = (performance.now() - started) / 1000;
  notebook.metadata.sales_insight = {
    parameters: params,
    executed_at: new Date().toISOString(),
    seconds: round(seconds),
  };
  return { name, path: file, notebook, sections, warnings, seconds };
}

/**
 * Copies the notebook with a cell tagged `injected-parameters` right after the
 * one tagged `parameters`, assigning each passed value. The parameters cell
 * declares them with `let` and a type, so assignment type-checks and keeps it.
 */
export function injectParameters(
  nb: NotebookJson,
  params: NotebookParams,
  name = "notebook",
): { notebook: NotebookJson; injectedAt: number; warnings: string[] } {
  const notebook: NotebookJson = structuredClone(nb);
  // A rerun replaces the previous injection rather than stacking another.
  notebook.cells = notebook.cells.filter((c) => !hasTag(c, INJECTED_TAG));
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    cell.outputs = [];
    cell.execution_count = null;
  }
  const at = notebook.cells.findIndex((c) => hasTag(c, "parameters"));
  const keys = Object.keys(params);
  if (at < 0) {
    if (keys.length)
      throw new NotebookError(name, 1, `parameters ${keys.join(", ")} were given but no cell is tagged "parameters"`);
    return { notebook, injectedAt: -1, warnings: [] };
  }
  const declared = declarations(text(notebook.cells[at].source));
  const warnings: string[] = [];
  const assignments: string[] = [];
  for (const key of keys) {
    const kind = declared.get(key);
    if (!kind) warnings.push(`${name}: parameter "${key}" is not declared in the parameters cell; skipped`);
    else if (kind === "const")
      throw new NotebookError(
        name,
        at + 1,
        `the parameters cell declares "${key}" with const; declare it with let so it can be overridden`,
      );
    else assignments.push(`${key} = ${literal(key, params[key])};`);
  }
  const injected: Cell = {
    id: INJECTED_TAG,
    cell_type: "code",
    metadata: { tags: [INJECTED_TAG] },
    // `void 0` last, so the cell echoes nothing (tslab prints a last expression).
    source: lines(["// Injected parameters", ...assignments, "void 0;"].join("\n")),
    outputs: [],
    execution_count: null,
  };
  notebook.cells.splice(at + 1, 0, injected);
  return { notebook, injectedAt: at + 1, warnings };
}

/** Top-level `let`/`const`/`var` names of a cell (parameters cells are plain declarations). */
function declarations(source: string): Map<string, "let" | "const" | "var"> {
  const out = new Map<string, "let" | "const" | "var">();
  for (const m of source.matchAll(/^\s*(let|const|var)\s+([A-Za-z_$][\w$]*)/gm))
    out.set(m[2], m[1] as "let" | "const" | "var");
  return out;
}

function literal(key: string, value: unknown): string {
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "boolean" ||
    (typeof value === "number" && Number.isFinite(value))
  )
    return JSON.stringify(value);
  throw new TypeError(`parameter "${key}" must be a string, a finite number, a boolean or null, got ${String(value)}`);
}

/** Sections are display outputs of SECTION_MIME; the notebook name is the runner's to give. */
function collectSections(outputs: readonly Output[], notebook: string): Section[] {
  const sections: Section[] = [];
  for (const o of outputs) {
    if (o.output_type !== "display_data" || !(SECTION_MIME in o.data)) continue;
    const raw = o.data[SECTION_MIME];
    const value = (
      typeof raw === "string" ? JSON.parse(raw) : Array.isArray(raw) ? JSON.parse(raw.join("")) : raw
    ) as Section;
    sections.push({ ...value, notebook });
  }
  return sections;
}

/** The notebooks of a folder in reading order: `01-...ipynb`, `02-...ipynb`. */
export function listNotebooks(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => /^\d+-.*\.ipynb$/.test(f))
    .sort((a, b) => a.localeCompare(b, "en", { numeric: true }))
    .map((f) => resolve(dir, f));
}

export interface RunNotebooksOptions extends RunNotebookOptions {
  /**
   * Worker processes. 1 (the default) runs in this process; more fork workers,
   * which pays only when notebooks are slow (see notebooks/README.md).
   */
  concurrency?: number;
  /** Only these notebooks (names without `.ipynb` or file names). */
  only?: string[];
  /** Called when a notebook finishes. */
  onNotebook?: (done: ExecutedNotebook, index: number, total: number) => void;
  /**
   * Rebuild dist/ first when a source is newer. Notebooks run the compiled
   * package and must run the same code as everything else; off by default
   * because the report builds once for all its packs (`ensureDist`).
   */
  build?: boolean;
  /** A worker started and warmed up beforehand (kernel.ts): the notebooks run in it, one after another. */
  kernel?: NotebookKernel;
}

/** Runs every ordered notebook of `dir`; the first failure (in reading order) rejects. */
export async function runNotebooks(
  dir: string,
  params: NotebookParams = {},
  options: RunNotebooksOptions = {},
): Promise<ExecutedNotebook[]> {
  let paths = listNotebooks(dir);
  if (options.only?.length) {
    const wanted = new Set(options.only.map((n) => basename(n, ".ipynb")));
    paths = paths.filter((p) => wanted.has(basename(p, ".ipynb")));
  }
  if (paths.length === 0) throw new Error(`No notebooks (NN-name.ipynb) in ${resolve(dir)}`);
  if (options.build) await ensureDist();
  if (options.kernel) {
    const done = await options.kernel.run(paths, params, options.timeoutSeconds);
    done.forEach((nb, i) => options.onNotebook?.(nb, i, paths.length));
    return done;
  }
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, paths.length, availableParallelism()));
  if (workers === 1) {
    const converters = options.converters ?? new Converters(resolve(dir));
    try {
      const done: ExecutedNotebook[] = [];
      for (const [i, path] of paths.entries()) {
        done.push(await runNotebook(path, params, { ...options, converters }));
        options.onNotebook?.(done[i], i, paths.length);
      }
      return done;
    } finally {
      if (!options.converters) converters.close();
    }
  }
  return runInWorkers(paths, params, workers, options);
}

/** Forked workers, each running whole notebooks; results come back over IPC. */
async function runInWorkers(
  paths: string[],
  params: NotebookParams,
  workers: number,
  options: RunNotebooksOptions,
): Promise<ExecutedNotebook[]> {
  const results: (ExecutedNotebook | undefined)[] = new Array(paths.length);
  const failures = new Map<number, Error>();
  let next = 0;
  const children = new Set<ChildProcess>();

  const runWorker = () =>
    new Promise<void>((done, fail) => {
      const child = forkNotebookWorker();
      children.add(child);
      const give = () => {
        if (next >= paths.length || failures.size) return child.send({ type: "exit" });
        const index = next++;
        child.send({ type: "run", index, path: paths[index], params, timeoutSeconds: options.timeoutSeconds });
      };
      child.on("message", (m: WorkerReply) => {
        if (m.type === "ready") return give();
        if (m.type === "done") {
          results[m.index] = m.result;
          options.onNotebook?.(m.result, m.index, paths.length);
        } else {
          failures.set(
            m.index,
            m.error.notebook
              ? new NotebookError(m.error.notebook, m.error.cell!, m.error.detail!)
              : new Error(m.error.message),
          );
        }
        give();
      });
      child.on("exit", (code) => {
        children.delete(child);
        if (code === 0) done();
        else fail(new Error(`notebook worker exited with code ${code}`));
      });
      child.on("error", fail);
    });

  try {
    await Promise.all(Array.from({ length: workers }, runWorker));
  } finally {
    for (const child of children) child.kill();
  }
  if (failures.size) throw failures.get(Math.min(...failures.keys()))!;
  return results as ExecutedNotebook[];
}

export type WorkerRequest =
  | { type: "run"; index: number; path: string; params: NotebookParams; timeoutSeconds?: number }
  /** Create the compilers of `dir` and compile `source` (the notebooks' imports) before any notebook is sent. */
  | { type: "warm"; dir: string; source: string }
  | { type: "exit" };

export type WorkerReply =
  | { type: "ready" }
  | { type: "done"; index: number; result: ExecutedNotebook }
  | { type: "failed"; index: number; error: { message: string; notebook?: string; cell?: number; detail?: string } };

/** Saves an executed notebook as Jupyter does: indented JSON, a final newline. */
export function writeNotebook(path: string, notebook: NotebookJson): void {
  writeFileSync(path, JSON.stringify(notebook, null, 1) + "\n");
}

/** Error outputs anywhere in an executed notebook (none means it ran clean). */
export function errorOutputs(notebook: NotebookJson): { cell: number; ename: string; evalue: string }[] {
  return notebook.cells.flatMap((cell, i) =>
    (cell.outputs ?? [])
      .filter((o) => o.output_type === "error")
      .map((o) => ({ cell: i + 1, ename: (o as { ename: string }).ename, evalue: (o as { evalue: string }).evalue })),
  );
}

const round = (x: number) => Math.round(x * 1000) / 1000;
