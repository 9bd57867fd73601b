import { resolveDbUrl, UnknownDatabaseError } from "../db/connect.js";
import { HOLDER_WAIT_MS, loadingInto, waitingWords } from "../db/fresh-file.js";
import { ENCODING_NAMES } from "../load/extract.js";
import { loadWarehouse, type LoadProgress, type LoadSummary } from "../load/warehouse.js";
import { printableLines } from "../printable.js";
import { traced } from "../trace.js";
import { dataOption, dbOption } from "./options.js";
import {
  defineCommand,
  integer,
  isMain,
  main,
  PROGRESS_OPTIONS,
  progressReporter,
  progressWanted,
  UsageError,
  whole,
} from "./run.js";

const DEFAULT_WAIT_SECONDS = HOLDER_WAIT_MS / 1000;

export const command = defineCommand({
  name: "warehouse",
  description: `
Loads the seven CSV extracts (Customers, Employees, Shippers, Suppliers,
Products, Orders, OrderDetails, plus the optional categories.csv and
ProductCosts.csv) into the warehouse and (re)creates the semantic layer
(sales_lines, dim_customers, dim_products, dim_employees, dim_dates) and
order_sales, each order with its lines summed, which the analyses read.

Files may be UTF-8 (with or without BOM) or Windows-1252, with CRLF or LF line
endings, US (7/4/1996) or ISO (1996-07-04) dates; headers are matched without
regard to case or surrounding spaces, and unknown columns are ignored with a
warning.

Every file is checked before anything is written (columns, types, unique keys,
every foreign key, Quantity > 0, Price >= 0, dates that exist, encoding); on
any problem the command lists them (file, line, column, value, rule), exits 1
and leaves the previous warehouse exactly as it was.

A DuckDB file can have one writer or many readers. While another process has
it open (a notebook kernel, the API, a command), the load waits for it to let
go, up to --wait seconds: a notebook does 5 s after its last analysis, an idle
API after SALES_API_WAREHOUSE_IDLE_SECONDS (5 by default).`,
  epilogue: `
Progress (rows read, rows per second) goes to stderr when it is a terminal, or
when SALES_PROGRESS=1. The last line on stdout says what was loaded.

Exit codes: 0 loaded, 1 the extracts have problems or the database failed, 2 usage error.`,
  options: {
    data: dataOption,
    db: dbOption,
    wait: {
      type: "string",
      value: "S",
      description:
        "seconds to wait for another process to let go of a DuckDB warehouse file before refusing; 0 refuses at once",
      defaultText: String(DEFAULT_WAIT_SECONDS),
    },
    ...PROGRESS_OPTIONS,
  },
  async run({ data, db: dbFlag, wait, ...flags }) {
    const waitSeconds = whole(wait ?? String(DEFAULT_WAIT_SECONDS), "--wait", 0, 86_400);
    const url = resolveDbUrl(dbFlag);
    const progress = progressReporter(progressWanted(flags));
    try {
      await loadingInto(
        url,
        async (db) => {
          const summary = await loadWarehouse(db, {
            dataDir: data!,
            onWarning: (message) => process.stderr.write(`warning: ${printableLines(message)}\n`),
            onProgress: (p) => progress.report(describeProgress(p)),
          });
          progress.done();
          process.stdout.write(`${describeSummary(summary, db.label)}\n`);
        },
        // Closing writes what the load left in DuckDB's log into its file: part of the load's time.
        (db) => traced("load: warehouse closed", () => db.close()),
        {
          waitMs: waitSeconds * 1000,
          onWait: (holder) => process.stderr.write(`${waitingWords(printableLines(holder), waitSeconds * 1000)}\n`),
        },
      );
    } catch (error) {
      throw error instanceof UnknownDatabaseError ? new UsageError(error.message) : error;
    } finally {
      progress.done();
    }
  },
});

if (isMain(import.meta.url)) await main(command);

function describeProgress(p: LoadProgress): string {
  const rate = `${integer.format(p.totalRows / Math.max(p.seconds, 1e-3))} rows/s`;
  if (p.phase === "checking") return `checking keys of ${p.file} (${integer.format(p.totalRows)} rows read, ${rate})`;
  if (p.phase === "swapping")
    return `replacing the warehouse tables (${integer.format(p.totalRows)} rows read, ${rate})`;
  return `reading ${p.file}: ${integer.format(p.rows)} rows (${integer.format(p.totalRows)} in all, ${rate})`;
}

/** One line: rows, files and how they were read, where, how fast, and rows per table. */
export function describeSummary(summary: LoadSummary, label: string): string {
  const total = summary.files.reduce((n, f) => n + f.rows, 0);
  const encodings = [...new Set(summary.files.map((f) => ENCODING_NAMES[f.encoding]))].join(" and ");
  const endings = [...new Set(summary.files.map((f) => f.lineEnding).filter(Boolean))].join(" and ");
  const tables = summary.files.map((f) => `${f.table} ${integer.format(f.rows)}`).join(", ");
  const rate = integer.format(total / Math.max(summary.seconds, 1e-3));
  return (
    `loaded ${integer.format(total)} rows from ${summary.files.length} files (${encodings}${endings ? `, ${endings}` : ""}) ` +
    `into ${label} in ${summary.seconds.toFixed(1)} s (${rate} rows/s): ${tables}`
  );
}
