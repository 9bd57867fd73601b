/**
 * `npm run generate -- --orders N [options]`: writes a synthetic sales data
 * set in the extract's format, for testing and benchmarking. See --help.
 */

import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  DEFAULTS,
  GenerateOptionError,
  generateDataset,
  PROFILE_NAMES,
  type Encoding,
  type Profile,
  type GenerateOptions,
  type GenerateProgress,
} from "../generate/generate.js";

const HELP = `Usage: npm run generate -- --orders N [options]

Writes a synthetic sales data set in the format of the extract in data/:
the seven files (Customers, Employees, Shippers, Suppliers, Products, Orders,
OrderDetails) with the same headers, CRLF lines and M/D/YYYY dates, plus
categories.csv, ProductCosts.csv (ProductID,UnitCost) and the ground truth
CustomerTypes.csv (CustomerID,Type: champion, loyal, occasional, new, lapsed;
with a BTYD profile: active, dropped out).
Products, suppliers, shippers and employees are the extract's; customers and
orders are simulated. Same seed and options give byte-identical files.

Options:
  --orders N            orders to write, exactly (required; 10M order lines
                        is about 3.85M orders, at 2.6 lines an order)
  --customers N         customers, IDs 1..N (default: max(91, orders / 8),
                        and never more than orders)
  --seed S              whole number 0..4294967295 (default: ${DEFAULTS.seed})
  --out DIR             output folder, created if missing; files in it with
                        the same names are replaced (default: ${DEFAULTS.outDir})
  --encoding E          utf8 (no BOM) or cp1252, as IT delivers
                        (default: ${DEFAULTS.encoding})
  --start YYYY-MM-DD    first day of the order history (default: ${DEFAULTS.start})
  --months M            length of the history in months (default: ${DEFAULTS.months})
  --profile P           the customer process (default: ${DEFAULTS.profile}):
                          types            five planted customer types
                                           (CustomerTypes.csv names them)
                          btyd             buy-till-you-die: each customer
                                           buys at a gamma-distributed rate,
                                           drops out after an order with a
                                           beta-distributed chance, spends a
                                           gamma-distributed basket; joins
                                           spread over the history
                          small-customers  the same process, many small
                                           repeat buyers (a unit or two a
                                           line; customers: orders / 3)
  --progress            report progress on stderr about once a second even
                        when stderr is not a terminal (on a terminal it is
                        always shown)
  -h, --help            show this help

Numbers may be written with _ or , between digit groups: 3_850_000.

Exit status: 0 done, 1 failed while generating, 2 bad arguments.
`;

/** Exit status for bad arguments, as for most command-line tools. */
const USAGE = 2;

class UsageError extends Error {}

type Command = { help: true } | { help: false; progress: boolean; options: GenerateOptions };

function parseCommand(args: string[]): Command {
  const values = parseFlags(args);
  if (values.help) return { help: true };
  if (values.orders === undefined) throw new UsageError("--orders is required");
  const encoding = values.encoding;
  if (encoding !== undefined && !isEncoding(encoding)) throw new UsageError(`--encoding must be utf8 or cp1252, not ${encoding}`);
  return {
    help: false,
    progress: values.progress,
    options: {
      orders: wholeNumber("--orders", values.orders),
      customers: values.customers === undefined ? undefined : wholeNumber("--customers", values.customers),
      seed: values.seed === undefined ? undefined : wholeNumber("--seed", values.seed),
      months: values.months === undefined ? undefined : wholeNumber("--months", values.months),
      outDir: values.out,
      encoding,
      start: values.start,
      profile: profileOf(values.profile),
    },
  };
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        orders: { type: "string" },
        customers: { type: "string" },
        seed: { type: "string" },
        out: { type: "string" },
        encoding: { type: "string" },
        start: { type: "string" },
        months: { type: "string" },
        profile: { type: "string" },
        progress: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }).values;
  } catch (error) {
    // parseArgs words unknown options, missing values and stray arguments well enough.
    throw new UsageError((error as Error).message);
  }
}

function profileOf(text: string | undefined): Profile | undefined {
  if (text === undefined) return undefined;
  if (!(PROFILE_NAMES as readonly string[]).includes(text)) throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(", ")}, not ${JSON.stringify(text)}`);
  return text as Profile;
}

function isEncoding(text: string): text is Encoding {
  return text === "utf8" || text === "cp1252";
}

function wholeNumber(option: string, text: string): number {
  if (!/^\d+([_,]\d+)*$/.test(text)) throw new UsageError(`${option} must be a whole number, not ${JSON.stringify(text)}`);
  return Number(text.replace(/[_,]/g, ""));
}

const count = (n: number) => n.toLocaleString("en-US");

/** Where the command writes; tests pass their own. */
export interface Console {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal, where progress is always shown, rewritten in place. */
  terminal: boolean;
}

const processConsole: Console = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  terminal: process.stderr.isTTY === true,
};

/** Runs the command; resolves to the exit status. */
export async function main(args: string[], io: Console = processConsole): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`generate: ${error.message}\nRun with --help to see the options.\n`);
    return USAGE;
  }
  if (command.help) {
    io.out(HELP);
    return 0;
  }
  const progress = io.terminal || command.progress ? progressReporter(io) : undefined;
  try {
    const s = await generateDataset(command.options, progress?.report);
    progress?.done();
    io.out(
      `generated ${count(s.orders)} orders, ${count(s.lines)} order lines, ${count(s.customers)} customers ` +
        `in ${s.outDir} (${s.encoding}) in ${s.seconds.toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    progress?.done();
    const usage = error instanceof GenerateOptionError;
    io.err(`generate: ${(error as Error).message}\n${usage ? "Run with --help to see the options.\n" : ""}`);
    return usage ? USAGE : 1;
  }
}

/** A progress line on stderr: rewritten in place on a terminal, one line per report otherwise. */
function progressReporter(io: Console) {
  let shown = false;
  const report = (p: GenerateProgress) => {
    const rows = (p.orders + p.lines) / p.seconds;
    const text = `${count(p.orders)} of ${count(p.totalOrders)} orders, ${count(p.lines)} order lines, ${count(Math.round(rows))} rows/s`;
    io.err(io.terminal ? `\r${text}\x1b[K` : `${text}\n`);
    shown = true;
  };
  const done = () => {
    if (shown && io.terminal) io.err("\r\x1b[K");
  };
  return { report, done };
}

// Run when started as a script (tsx src/cli/generate.ts), not when imported by tests.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await main(process.argv.slice(2));
}
