import { Console } from "node:console";
import { createRequire } from "node:module";
import { Writable } from "node:stream";
import { format } from "node:util";
import type { DisplayOutput, ErrorOutput, Output, StreamOutput } from "./nbformat.js";
import { lines } from "./nbformat.js";

/**
 * tslab's own executor, driven without Jupyter: the same converter (TypeScript
 * 5.0, type-checked cells, state carried between cells) and the same display
 * hook the kernel uses, so a cell behaves here exactly as in JupyterLab.
 * tslab has no public API for this; these are the internals its kernel uses
 * (tslab 1.0.x: dist/converter, dist/executor, dist/jupyter).
 */

const require = createRequire(import.meta.url);

interface Converter {
  close(): void;
}
interface ConverterSet {
  readonly node: Converter;
  readonly browser: Converter;
  close(): void;
}
interface Executor {
  execute(src: string): Promise<boolean>;
  interrupt(): void;
  close(): void;
}
interface DisplayData {
  data: Record<string, unknown>;
  metadata?: Record<string, unknown>;
  transient?: { display_id?: string };
}

interface Tslab {
  createConverter(options: { isBrowser?: boolean }): Converter;
  createExecutor(
    rootDir: string,
    convs: ConverterSet,
    console: { log(...a: unknown[]): void; error(...a: unknown[]): void },
  ): Executor;
  /** The module whose `lastWriteDisplayData` `tslab.display` and our notebook helpers write through. */
  jupyter: { lastWriteDisplayData: ((data: DisplayData, update: boolean) => void) | null };
}

let loaded: Tslab | undefined;
/**
 * tslab, loaded when a notebook first runs: it is an optional dependency of
 * the package (the report's notebooks need it; the models and the API do not).
 */
function tslab(): Tslab {
  if (loaded) return loaded;
  try {
    // The TypeScript tslab itself loads, wherever the install put it.
    const fromTslab = createRequire(require.resolve("tslab/dist/converter"));
    const typescript = fromTslab("@tslab/typescript-for-tslab") as { sys: WatchingSys & ListingSys };
    stopWatching(typescript);
    onlyNodeTypes(typescript);
    loaded = {
      createConverter: (require("tslab/dist/converter") as Pick<Tslab, "createConverter">).createConverter,
      createExecutor: (require("tslab/dist/executor") as Pick<Tslab, "createExecutor">).createExecutor,
      jupyter: require("tslab/dist/jupyter") as Tslab["jupyter"],
    };
  } catch (error) {
    if ((error as { code?: string }).code !== "MODULE_NOT_FOUND" || !/'tslab[/']/.test((error as Error).message))
      throw error;
    throw new Error("running the notebooks needs the tslab package, not installed here: npm install tslab@1");
  }
  return loaded;
}

interface WatchingSys {
  watchFile?: (...args: unknown[]) => { close(): void };
  watchDirectory?: (...args: unknown[]) => { close(): void };
}

/**
 * A batch run compiles cells against files that do not change while it runs,
 * so TypeScript's watchers on them (and on the folders where an import was not
 * found) have nothing to do but harm: when such a folder changes twice before
 * the next cell (`npm ci` removing node_modules, a pack written nearby),
 * tslab's converter throws "Unexpected pending rebuildTimer" from the watcher
 * and the kernel dies, four minutes into a report on 100M order lines. The
 * converter's `sys` inherits these from this module's `sys`, so they are
 * switched off here, for this process only (Jupyter's own kernel is another).
 */
function stopWatching(ts: { sys: WatchingSys }): void {
  const none = () => ({ close: () => undefined });
  ts.sys.watchFile = none;
  ts.sys.watchDirectory = none;
}

interface ListingSys {
  getDirectories(path: string): string[];
}

/**
 * TypeScript includes every package of a `node_modules/@types` folder in
 * every program, and tslab sets no `types` to stop it: each cell was checked
 * against mssql's types (and the tedious driver's and Azure's they import),
 * nodemailer's and eight more, 332 declaration files in all. A notebook needs
 * only Node's globals from them; a package it imports finds its types by its
 * name all the same. With `node` the only package listed there, a program
 * holds 214 files, and the notebooks of a report at 1M orders take about a
 * sixth less CPU (measured 2026-12-06: 4.5-4.6 s against 5.3-5.6 s; cells
 * that use the project's imports 26 ms against 38-45 ms each). For this
 * process only: Jupyter's own kernel lists them all, which changes nothing
 * for a cell that type-checks here.
 */
function onlyNodeTypes(ts: { sys: ListingSys }): void {
  const list = ts.sys.getDirectories.bind(ts.sys);
  ts.sys.getDirectories = (path) => {
    const found = list(path);
    return /[\\/]node_modules[\\/]@types$/.test(path) ? found.filter((name) => name === "node") : found;
  };
}

/**
 * tslab's TypeScript compilers, the costly part of a kernel (seconds to
 * create, and they cache the declarations cells import). Lazy, as in tslab's
 * kernel: the browser one is rarely needed. One set can serve many notebooks
 * of the same folder in turn, since each executor passes its own declarations.
 */
export class Converters implements ConverterSet {
  /** The folder the compilers take as their root: notebooks must live in it. */
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }
  #node?: Converter;
  #browser?: Converter;
  get node(): Converter {
    return (this.#node ??= this.#create({}));
  }
  get browser(): Converter {
    return (this.#browser ??= this.#create({ isBrowser: true }));
  }
  /** The converter takes the working directory as its root when created. */
  #create(options: { isBrowser?: boolean }): Converter {
    const previous = process.cwd();
    process.chdir(this.dir);
    try {
      return tslab().createConverter(options);
    } finally {
      process.chdir(previous);
    }
  }
  close(): void {
    this.#node?.close();
    this.#browser?.close();
  }
}

export interface CellRun {
  ok: boolean;
  outputs: Output[];
  /** What tslab reported on failure: type errors or the exception. */
  error?: ErrorOutput;
  seconds: number;
}

/**
 * One kernel session: cells run in order and share state. tslab's converter
 * takes the working directory as its root, so the session changes into `dir`
 * (as Jupyter starts a kernel in the notebook's folder) until `close()`.
 */
export class TslabSession {
  readonly #previousDir = process.cwd();
  readonly #convs: Converters;
  readonly #ownsConverters: boolean;
  readonly #executor: Executor;

  /** Pass `converters` (of the same folder) to share them; the session then leaves them open. */
  constructor(
    readonly dir: string,
    converters?: Converters,
  ) {
    if (converters && converters.dir !== dir)
      throw new Error(`tslab converters of ${converters.dir} cannot run a notebook in ${dir}`);
    process.chdir(dir);
    this.#convs = converters ?? new Converters(dir);
    this.#ownsConverters = !converters;
    this.#executor = tslab().createExecutor(dir, this.#convs, {
      log: (...args) => this.#write("stdout", format(...args) + "\n"),
      error: (...args) => this.#fail(args),
    });
  }

  #outputs: Output[] = [];
  #errors: string[] = [];
  #exception: unknown;

  #write(name: StreamOutput["name"], chunk: string): void {
    const last = this.#outputs.at(-1);
    if (last?.output_type === "stream" && last.name === name) last.text = (last.text as string) + chunk;
    else this.#outputs.push({ output_type: "stream", name, text: chunk });
  }

  #fail(args: unknown[]): void {
    const [first] = args;
    if (first instanceof Error) this.#exception ??= first;
    // Type errors arrive as ("%s%d:%d - %s", file, line, column, message).
    this.#errors.push(first instanceof Error ? (first.stack ?? String(first)) : format(...args));
  }

  #display(data: DisplayData, update: boolean): void {
    const output: DisplayOutput = { output_type: "display_data", data: data.data, metadata: data.metadata ?? {} };
    const id = data.transient?.display_id;
    if (update && id) {
      const i = this.#outputs.findIndex((o) => (o as { displayId?: string }).displayId === id);
      if (i >= 0) {
        this.#outputs[i] = Object.assign(output, { displayId: id });
        return;
      }
    }
    this.#outputs.push(id ? Object.assign(output, { displayId: id }) : output);
  }

  /** Runs one cell, capturing what it prints and displays; fails after `timeoutSeconds`. */
  async run(source: string, timeoutSeconds = 600): Promise<CellRun> {
    const started = performance.now();
    this.#outputs = [];
    this.#errors = [];
    this.#exception = undefined;
    // A cell prints through `console`; swapping the global console (rather
    // than process.stdout, as the kernel does in its own process) captures it
    // without swallowing what the host process writes meanwhile.
    const hostConsole = globalThis.console;
    const display = tslab().jupyter.lastWriteDisplayData;
    const capture = (name: StreamOutput["name"]) =>
      new Writable({
        write: (chunk: Buffer | string, _encoding, done) => {
          this.#write(name, typeof chunk === "string" ? chunk : chunk.toString("utf8"));
          done();
        },
      });
    globalThis.console = new Console({ stdout: capture("stdout"), stderr: capture("stderr") });
    tslab().jupyter.lastWriteDisplayData = (data, update) => this.#display(data, update);
    const timer = setTimeout(() => {
      this.#errors.push(`Cell timed out after ${timeoutSeconds} s`);
      this.#executor.interrupt();
    }, timeoutSeconds * 1000);
    let ok: boolean;
    try {
      ok = await this.#executor.execute(source);
    } catch (error) {
      // Synchronous code throws past tslab's own handler only in odd cases (e.g. a SIGINT).
      this.#fail([error]);
      ok = false;
    } finally {
      clearTimeout(timer);
      globalThis.console = hostConsole;
      tslab().jupyter.lastWriteDisplayData = display;
    }
    const outputs = this.#outputs.map(tidy);
    const run: CellRun = { ok, outputs, seconds: (performance.now() - started) / 1000 };
    if (!ok) {
      const exception = this.#exception as Error | undefined;
      const message = this.#errors.join("\n").trim() || "the cell failed without a message";
      run.error = {
        output_type: "error",
        ename: exception?.name ?? (this.#errors.length ? "TypeScriptError" : "Error"),
        evalue: exception?.message ?? message,
        traceback: message.split("\n"),
      };
      outputs.push(run.error);
    }
    return run;
  }

  close(): void {
    // The executor's close() closes the converters too; shared ones must stay open.
    if (this.#ownsConverters) this.#executor.close();
    process.chdir(this.#previousDir);
  }
}

/** nbformat writes text as lines and knows nothing of our display-id bookkeeping. */
function tidy(output: Output): Output {
  if (output.output_type === "stream") return { ...output, text: lines(output.text as string) };
  if (output.output_type === "display_data") {
    const data: Record<string, unknown> = {};
    for (const [mime, value] of Object.entries(output.data))
      data[mime] =
        typeof value === "string" && (mime.startsWith("text/") || mime === "image/svg+xml") ? lines(value) : value;
    return { output_type: "display_data", data, metadata: output.metadata };
  }
  return output;
}
