import { PeriodError } from "../analyse/period.js";
import { UnknownDatabaseError } from "../db/connect.js";
import { displayPath } from "../display-path.js";
import { printableLines } from "../printable.js";
import type { Format } from "../render/report.js";
import { describeTimes } from "../render/stages.js";
import { OutDirError } from "../deliver/out-dir.js";
import { applyNumberStyle, currencyOption, dataOption, dbOption, localeOption, periodOption } from "./options.js";
import { defineCommand, isMain, main, PROGRESS_OPTIONS, progressWanted, UsageError } from "./run.js";

export const command = defineCommand({
  name: "report",
  description: `
Runs the analyses and every notebook of notebooks/ for a period and writes a
pack: report.html (self-contained, opens offline), report.pdf (the management
pack on A4: a dashboard, the six decisions on one page, then two pages per
decision), appendix.pdf (every table whole, each query once, the methodology),
figures.json, commentary.md, powerbi/, the executed notebooks, the e-mail
version (email/) and manifest.json (data fingerprint, code version,
parameters, time of each stage). Every amount is written in --currency and
--locale: compact in headlines ($1.72B), exact in tables.

If a notebook cell fails, the command names the notebook and the cell, exits 1
and leaves no pack (a previous pack in the same folder stays as it was).`,
  epilogue: `
The stages: warehouse (load the extracts into the embedded warehouse when it
is missing or lacks what this version reads, when --reload or --data asks for
it, or when the files it was loaded from have changed; a warehouse loaded from
another folder is used as it is, and stderr says so; a load waits up to 10 s
for another process that has the file open, such as an idle notebook kernel,
to let go of it), build (compile src/ to dist/ for the notebooks, only when
src/ changed), analyse, notebooks (in a worker that starts with the report and
prepares its compilers meanwhile) and powerbi (the extracts, written while the
notebooks run), charts, then html (with the e-mail's images) and pdf side by
side, Chromium printing while the images are drawn. Progress goes to stderr,
one line per stage and, in the analyse stage, one per analysis as it starts
(unless --no-progress); the last line, on stdout, sums up the times. Chromium
comes from CHROMIUM_PATH, else /usr/bin/chromium.
Exit codes: 0 written, 1 a stage failed, 2 usage error.`,
  options: {
    period: periodOption,
    every: {
      type: "string",
      value: "UNIT",
      description:
        "month or quarter: with a range, one pack per month or quarter, each compared with the period before, plus an index.html linking them",
    },
    country: { type: "string", value: "C", description: "only sales to customers in country C" },
    category: { type: "string", value: "K", description: "only products of category K" },
    db: {
      ...dbOption,
      description:
        "the warehouse: duckdb:PATH (loaded from --data when missing; see --data and --reload), postgres://… or mssql://… (loaded beforehand with the warehouse command)",
    },
    // No default value: a --data the user gives asks for those files, the default does not (src/render/warehouse.ts).
    data: {
      type: "string",
      value: dataOption.value,
      description:
        "folder holding the extracts; given, the embedded warehouse is loaded from it unless it already holds those same files",
      defaultText: `${dataOption.default} (loaded only into an empty warehouse, or one loaded from it whose files changed since)`,
    },
    reload: {
      type: "boolean",
      description:
        "load the embedded warehouse from --data even though it holds other files (without it, a warehouse loaded from another folder is used as it is, with a note on stderr)",
    },
    out: {
      type: "string",
      value: "DIR",
      description: "where the pack goes (with --every, the folder that holds one pack per period)",
      defaultText: "reports/<period>[-<filters>], e.g. reports/1997-q1-germany",
    },
    format: { type: "string", value: "LIST", default: "html,pdf", description: "html, pdf or both" },
    currency: currencyOption,
    locale: localeOption,
    notebooks: {
      type: "string",
      value: "DIR",
      description: "the notebooks to run, NN-name.ipynb in reading order",
      defaultText: "notebooks, else the package's own",
    },
    ...PROGRESS_OPTIONS,
    progress: {
      ...PROGRESS_OPTIONS.progress,
      description: "one line per stage on stderr (the default; --no-progress or SALES_PROGRESS=0 silences it)",
    },
  },
  async run(values) {
    try {
      applyNumberStyle(values);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    // Loaded here, not at the top: --help and a usage error need none of the report's modules.
    const [{ buildReport, FORMATS }, { NotebookError }] = await Promise.all([
      import("../render/report.js"),
      import("../render/notebooks.js"),
    ]);
    const formats = parseFormats(values.format!, FORMATS);
    const every = values.every;
    if (every !== undefined && every !== "month" && every !== "quarter")
      throw new UsageError(`--every must be month or quarter, not "${every}"`);
    if (every && !values.period!.includes("..") && !/^\d{4}(-Q[1-4])?$/i.test(values.period!))
      throw new UsageError(
        `--every needs a period that spans several ${every}s (a range 1996-07..1997-02, a year or a quarter), not "${values.period}"`,
      );
    // One line per stage is worth a log file too: on unless switched off.
    const quiet = !progressWanted(values, true);
    try {
      const result = await buildReport({
        period: values.period,
        every,
        filters: {
          ...(values.country ? { country: values.country } : {}),
          ...(values.category ? { category: values.category } : {}),
        },
        db: values.db,
        dataDir: values.data,
        reload: values.reload,
        // Whether or not the progress is wanted: what the report does to the user's warehouse is always said.
        onNotice: (message) => process.stderr.write(`report: ${printableLines(message)}\n`),
        out: values.out,
        formats,
        notebooksDir: values.notebooks,
        onStage: (e) => {
          if (quiet) return;
          if (e.state === "start") process.stderr.write(`report ${e.period}: ${e.stage}…\n`);
          else if (e.state === "step") process.stderr.write(`report ${e.period}: ${e.stage}: ${e.detail}…\n`);
          else
            process.stderr.write(
              `report ${e.period}: ${e.stage} ${e.state === "failed" ? "failed after" : "done in"} ${e.seconds!.toFixed(1)} s\n`,
            );
        },
      });
      const where = result.index ? displayPath(result.index) : result.packs.map((p) => displayPath(p.dir)).join(", ");
      process.stdout.write(
        `report ${values.period} → ${where} (${describeTimes(result.stages)}; ${result.seconds.toFixed(1)} s in all)\n`,
      );
    } catch (error) {
      if (error instanceof PeriodError || error instanceof OutDirError || error instanceof UnknownDatabaseError)
        throw new UsageError(error.message);
      // The notebook, the cell and the error say what failed; the runner's stack frames do not.
      if (error instanceof NotebookError)
        throw new Error(
          error.message
            .split("\n")
            .filter((l) => !/^\s+at /.test(l))
            .join("\n")
            .trim(),
        );
      throw error;
    }
  },
});

if (isMain(import.meta.url)) await main(command);

function parseFormats(list: string, FORMATS: readonly Format[]): Format[] {
  const formats = list
    .split(",")
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  const bad = formats.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length || formats.length === 0) throw new UsageError(`--format takes html, pdf or html,pdf, not "${list}"`);
  return formats as Format[];
}
