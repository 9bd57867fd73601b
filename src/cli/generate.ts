/**
 * `npm run generate -- --orders N [options]`: writes a synthetic sales data
 * set in the extract's format, for testing and benchmarking. See --help.
 */

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
import {
  defineCommand,
  helpText,
  isMain,
  parseOptions,
  PROGRESS_OPTIONS,
  progressWanted,
  UsageError,
  type Options,
  type Values,
} from "./run.js";

const options = {
  orders: {
    type: "string",
    value: "N",
    required: true,
    description: "orders to write, exactly (10M order lines is about 3.85M orders, at 2.6 lines an order)",
  },
  customers: {
    type: "string",
    value: "N",
    description: "customers, IDs 1..N, never more than orders",
    defaultText: "max(91, orders / 8)",
  },
  seed: { type: "string", value: "S", description: "whole number 0..4294967295", defaultText: String(DEFAULTS.seed) },
  out: {
    type: "string",
    value: "DIR",
    description:
      "output folder: new, empty, or an earlier data set (its generate-manifest.json), whose files are replaced; any other folder is refused",
    defaultText: DEFAULTS.outDir,
  },
  encoding: {
    type: "string",
    value: "E",
    description: "utf8 (no BOM) or cp1252, as IT delivers",
    defaultText: DEFAULTS.encoding,
  },
  start: {
    type: "string",
    value: "YYYY-MM-DD",
    description: "first day of the order history",
    defaultText: DEFAULTS.start,
  },
  months: {
    type: "string",
    value: "M",
    description: "length of the history in months",
    defaultText: String(DEFAULTS.months),
  },
  profile: {
    type: "string",
    value: "P",
    description:
      "the customer process: types (five planted customer types, named in CustomerTypes.csv); btyd (buy-till-you-die: " +
      "each customer buys at a gamma-distributed rate, drops out after an order with a beta-distributed chance, spends " +
      "a gamma-distributed basket, joins spread over the history); small-customers (the same process, many small " +
      "repeat buyers: a unit or two a line, customers = orders / 3)",
    defaultText: DEFAULTS.profile,
  },
  ...PROGRESS_OPTIONS,
} as const satisfies Options;

export const command = defineCommand({
  name: "generate",
  description: `
Writes a synthetic sales data set in the format of the extract in data/:
the seven files (Customers, Employees, Shippers, Suppliers, Products, Orders,
OrderDetails) with the same headers, CRLF lines and M/D/YYYY dates, plus
categories.csv, ProductCosts.csv (ProductID,UnitCost) and the ground truth
CustomerTypes.csv (CustomerID,Type: champion, loyal, occasional, new, lapsed;
with a BTYD profile: active, dropped out).
Products, suppliers, shippers and employees are the extract's; customers and
orders are simulated. Same seed and options give byte-identical files.`,
  epilogue: `
Numbers may be written with _ or , between digit groups: 3_850_000.

Exit status: 0 done, 1 failed while generating, 2 bad arguments.`,
  options,
  run: (values) => generate(commandOf(values), processConsole),
});

/** Exit status for bad arguments, as for most command-line tools. */
const USAGE = 2;

type Command =
  { help: true } | { help: false; progress: { progress?: boolean; "no-progress"?: boolean }; options: GenerateOptions };

function parseCommand(args: string[]): Command {
  const values = parseFlags(args);
  return values.help ? { help: true } : commandOf(values);
}

function commandOf(values: Values<typeof options>): Command & { help: false } {
  if (values.orders === undefined) throw new UsageError("--orders is required");
  const encoding = values.encoding;
  if (encoding !== undefined && !isEncoding(encoding))
    throw new UsageError(`--encoding must be utf8 or cp1252, not ${encoding}`);
  return {
    help: false,
    progress: values,
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
      options: { ...(parseOptions(options) as typeof options), help: { type: "boolean", short: "h", default: false } },
    }).values;
  } catch (error) {
    // parseArgs words unknown options, missing values and stray arguments well enough.
    throw new UsageError((error as Error).message);
  }
}

function profileOf(text: string | undefined): Profile | undefined {
  if (text === undefined) return undefined;
  if (!(PROFILE_NAMES as readonly string[]).includes(text))
    throw new UsageError(`--profile must be one of ${PROFILE_NAMES.join(", ")}, not ${JSON.stringify(text)}`);
  return text as Profile;
}

function isEncoding(text: string): text is Encoding {
  return text === "utf8" || text === "cp1252";
}

function wholeNumber(option: string, text: string): number {
  if (!/^\d+([_,]\d+)*$/.test(text))
    throw new UsageError(`${option} must be a whole number, not ${JSON.stringify(text)}`);
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
  let parsed: Command;
  try {
    parsed = parseCommand(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`generate: ${error.message}\nRun with --help to see the options.\n`);
    return USAGE;
  }
  if (parsed.help) {
    io.out(helpText(command));
    return 0;
  }
  try {
    await generate(parsed, io);
    return 0;
  } catch (error) {
    const usage = error instanceof UsageError;
    io.err(`generate: ${(error as Error).message}\n${usage ? "Run with --help to see the options.\n" : ""}`);
    return usage ? USAGE : 1;
  }
}

/** Writes the data set and its one-line summary; a bad option combination is a UsageError. */
async function generate(parsed: Command & { help: false }, io: Console): Promise<void> {
  const progress = progressWanted(parsed.progress, io.terminal) ? progressReporter(io) : undefined;
  try {
    const s = await generateDataset(parsed.options, progress?.report);
    progress?.done();
    io.out(
      `generated ${count(s.orders)} orders, ${count(s.lines)} order lines, ${count(s.customers)} customers ` +
        `in ${s.outDir} (${s.encoding}) in ${s.seconds.toFixed(1)} s\n`,
    );
  } catch (error) {
    progress?.done();
    throw error instanceof GenerateOptionError ? new UsageError(error.message) : error;
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

// Run when started as a script (tsx src/cli/generate.ts), not when imported by tests or the bin.
if (isMain(import.meta.url)) process.exitCode = await main(process.argv.slice(2));
