/**
 * `npm run bench`: the project's stages against what the engine itself needs,
 * measured in the same run on the same machine. See --help.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineCommand, isMain, main, UsageError } from "../cli/run.js";
import { ensureDist } from "../render/build.js";
import { managementAnalyses } from "../run/registry.js";
import { budgetLines } from "./budgets.js";
import { ensureDataset } from "./datasets.js";
import { failureReason, GNU_TIME, measure, sequence, StageError, summarise, type Measure } from "./measure.js";
import { revision } from "./revision.js";
import { parseSizes, SizeError, type BenchSize } from "./sizes.js";
import { benchTable, type BenchRow } from "./table.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const dist = (path: string) => join(ROOT, "dist", path);
/**
 * The report runs at these sizes only: at 10M it takes minutes and measures the same stages again. Up to 2.6M
 * lines, a million orders: the size the report's target is set at (issue 17), `--sizes 2.6M`.
 */
const REPORT_UP_TO = 2_600_000;

export const command = defineCommand({
  name: "bench",
  description: `
Times the project's stages on generated data sets of the given sizes, each
beside its reference measured in the same run, and prints one Markdown table
(wall time, CPU time user+system, peak resident memory; ratio = the project's
wall time over the reference's, CPU ratio the same of CPU time):

  load                   npm run warehouse into a fresh DuckDB file, against
                         DuckDB's own read_csv of the same files with no
                         checks (src/load/read-csv-floor.ts)
  four analyses          analyse --only customers,locations,products,employees
                         on the loaded warehouse, against the same four
                         rankings in plain DuckDB SQL (src/bench/rankings.ts)
  load + four, from CSV  the two above one after the other, against the four
                         rankings in DuckDB SQL straight over the CSVs, and
                         against pandas (src/bench/pandas-rankings.py) when a
                         python3 with pandas is found (apt-get install
                         python3-pandas); otherwise that row is skipped;
                         if pandas fails (at 100M it peaked at 16.6 GB,
                         more than a smaller machine has), the row says how
                         and the bench goes on
  full analyse           analyse with everything (segmentation, prediction,
                         Power BI), against the four analyses alone
  report                 the HTML and PDF pack, at sizes up to 2.6M only (a
                         million orders: --sizes 2.6M)

Every stage and reference runs as its own process, the project's commands as
the compiled dist/ with plain node (built first when src/ changed), in turn
within each run so that a busy moment falls on both sides. Data sets are
generated once (seed 7, about 2.6 lines an order) and reused; the warehouse and
outputs go to a work folder beside them, removed at the end.`,
  epilogue: `
The line under the table names the commit measured (and says when tracked
files differed from it), the machine, and its load average at the start and
the end. Peak memory and CPU time come from GNU time (${GNU_TIME}, Debian's
"time" package); without it they are left blank. SALES_DUCKDB_MEMORY is
passed on to the project's commands. On a machine others use, say so beside
the figures.

Under the line, the budgets (issue 17's targets, src/bench/budgets.ts) whose
rows were run, each within or over: the load at 10M within 1.5x its floor,
the full analyse at 10M under 10 s and 1 GB, the report at 2.6M under 20 s.
A budget over does not change the exit code.

Exit codes: 0 done, 1 a stage of the project or a DuckDB reference failed
(its stderr is shown), 2 usage error.`,
  options: {
    sizes: {
      type: "string",
      value: "LIST",
      default: "1M,10M",
      description: "data set sizes in order lines, comma-separated: 250K, 1M, 10M, 100M…",
    },
    runs: { type: "string", value: "N", default: "3", description: "runs of every stage; the table shows medians" },
    "data-dir": {
      type: "string",
      value: "DIR",
      default: "data/bench",
      description: "where the data sets are kept between runs (one folder per size) and the work folder goes",
    },
  },
  async run(values) {
    let sizes: BenchSize[];
    try {
      sizes = parseSizes(values.sizes!);
    } catch (error) {
      throw error instanceof SizeError ? new UsageError(`--sizes: ${error.message}`) : error;
    }
    if (!/^[1-9]\d*$/.test(values.runs!))
      throw new UsageError(`--runs must be a whole number from 1, not ${JSON.stringify(values.runs)}`);
    await bench(sizes, Number(values.runs), resolve(values["data-dir"]!));
  },
});

const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

async function bench(sizes: BenchSize[], runs: number, dataDir: string): Promise<void> {
  if (await ensureDist()) log("compiled src/ to dist/");
  const python = findPandas();
  if (!python) log("pandas not found (apt-get install python3-pandas): its row is skipped");
  const started = { load: loadavg()[0], at: new Date(), code: revision(ROOT) };
  const rows: BenchRow[] = [];
  for (const size of sizes) rows.push(...(await benchSize(size, runs, dataDir, python)));
  const note = [
    `${started.at.toISOString()}: ${started.code ? `${started.code}, ` : ""}${availableParallelism()} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version};`,
    `load average ${started.load.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end; medians of ${runs} run${runs > 1 ? "s" : ""}, peak = the highest run.`,
  ];
  const budgets = budgetLines(rows);
  const budgetList = budgets.length
    ? `\nBudgets (issue 17's targets; src/bench/budgets.ts):\n\n${budgets.join("\n")}\n`
    : "";
  process.stdout.write(`${benchTable(rows)}\n${note.join(" ")}\n${budgetList}`);
}

async function benchSize(
  size: BenchSize,
  runs: number,
  dataDir: string,
  python: string | undefined,
): Promise<BenchRow[]> {
  const set = await ensureDataset(dataDir, size, log);
  const label = `${size.label} (${set.lines.toLocaleString("en-US")} lines)`;
  const work = join(dataDir, `.work-${size.label}`);
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const warehouse = join(work, "warehouse.duckdb");
  const env = { ...process.env, SALES_PROGRESS: "0" };
  const node = (script: string, ...args: string[]) => [process.execPath, [dist(script), ...args]] as const;
  // Each command through the bin, as `npm run <command>` and `sales-insight <command>` start it.
  const command = (name: string, ...args: string[]) => node("cli/bin.js", name, ...args);
  const four = managementAnalyses().join(",");

  // A peer (pandas) is someone else's program: when it fails (at 100M it peaked at 16.6 GB), its row says so and the
  // project's own stages, measured for minutes already, are not lost with it.
  type Stage = { name: string; run: () => readonly [string, readonly string[]]; before?: () => void; peer?: true };
  const stages: Stage[] = [
    {
      name: "load",
      before: () => {
        rmSync(warehouse, { force: true });
        rmSync(`${warehouse}.wal`, { force: true });
      },
      run: () => command("warehouse", "--data", set.dir, "--db", `duckdb:${warehouse}`),
    },
    { name: "floor", run: () => node("bench/reference.js", "floor", set.dir, join(work, "floor.duckdb")) },
    {
      name: "four",
      run: () =>
        command(
          "analyse",
          "--db",
          `duckdb:${warehouse}`,
          "--data",
          set.dir,
          "--only",
          four,
          "--no-powerbi",
          "--out",
          join(work, "four"),
        ),
    },
    { name: "sql-warehouse", run: () => node("bench/reference.js", "sql-warehouse", warehouse) },
    { name: "sql-csv", run: () => node("bench/reference.js", "sql-csv", set.dir) },
    ...(python
      ? [
          {
            name: "pandas",
            run: () => [python, [join(ROOT, "src/bench/pandas-rankings.py"), set.dir]] as const,
            peer: true as const,
          },
        ]
      : []),
    {
      name: "analyse",
      run: () => command("analyse", "--db", `duckdb:${warehouse}`, "--data", set.dir, "--out", join(work, "analyse")),
    },
    ...(size.lines <= REPORT_UP_TO
      ? [
          {
            name: "report",
            run: () =>
              command("report", "--db", `duckdb:${warehouse}`, "--data", set.dir, "--out", join(work, "report")),
          },
        ]
      : []),
  ];

  const measures = new Map<string, Measure[]>(stages.map((s) => [s.name, []]));
  const failed = new Map<string, string>();
  try {
    for (let round = 1; round <= runs; round++)
      for (const stage of stages) {
        if (failed.has(stage.name)) continue;
        stage.before?.();
        const [file, args] = stage.run();
        let m: Measure;
        try {
          m = await measure(`${size.label} ${stage.name}`, file, args, env);
        } catch (error) {
          if (!stage.peer || !(error instanceof StageError)) throw error;
          failed.set(stage.name, `failed in run ${round}, ${failureReason(error)}`);
          log(`${error.message}\n${size.label} ${stage.name} is left out of the remaining runs`);
          continue;
        }
        measures.get(stage.name)!.push(m);
        log(`${size.label} run ${round}/${runs} ${stage.name}: ${m.wall.toFixed(2)} s`);
      }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const m = (name: string) => summarise(measures.get(name)!);
  const fromCsv = sequence(m("load"), m("four"));
  // Every row of this size: its label as the table shows it, and the lines asked for, which the budgets go by.
  const row = (r: Omit<BenchRow, "size" | "lines">): BenchRow => ({ size: label, lines: size.lines, ...r });
  const rows: BenchRow[] = [
    row({ stage: "load", ours: m("load"), reference: "DuckDB read_csv floor", theirs: m("floor") }),
    row({
      stage: "four analyses, on the warehouse",
      ours: m("four"),
      reference: "the four in DuckDB SQL",
      theirs: m("sql-warehouse"),
    }),
    row({
      stage: "load + four, from CSV",
      ours: fromCsv,
      reference: "the four in DuckDB SQL over the CSVs",
      theirs: m("sql-csv"),
    }),
    row(
      python
        ? {
            stage: "load + four, from CSV",
            ours: fromCsv,
            reference: `pandas, the same four${failed.has("pandas") ? `: ${failed.get("pandas")}` : ""}`,
            theirs: failed.has("pandas") ? null : m("pandas"),
          }
        : { stage: "load + four, from CSV", ours: fromCsv, reference: "pandas: not installed, skipped", theirs: null },
    ),
    row({ stage: "full analyse", ours: m("analyse"), reference: "the four analyses alone", theirs: m("four") }),
  ];
  if (measures.has("report"))
    rows.push(row({ stage: "report (HTML and PDF)", ours: m("report"), reference: "", theirs: null }));
  return rows;
}

/** A python3 that imports pandas: the one on PATH, else Debian's (python3-pandas installs for /usr/bin/python3). */
function findPandas(): string | undefined {
  for (const python of ["python3", "/usr/bin/python3"])
    if (spawnSync(python, ["-c", "import pandas"], { stdio: "ignore" }).status === 0) return python;
  return undefined;
}

if (isMain(import.meta.url)) await main(command);
