import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { didYouMean } from "../closest.js";
import { printableLines } from "../printable.js";

/**
 * The shape every command shares: `--help` generated from the option
 * definitions (so the usage cannot drift from the options), usage errors with
 * exit code 2, failures with exit code 1 and their message (no stack) on stderr.
 *
 * A command module exports its `command` (see defineCommand) and runs it only
 * when started as a script (`if (isMain(import.meta.url)) await main(command)`),
 * so the `sales-insight` bin can load it from the registry in ./commands.ts.
 */

const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  override name = "UsageError";
}

/** An option's or variable's value as a whole number from `min` to `max`, else a usage error naming it. */
export function whole(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < min || n > max)
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not "${text}"`);
  return n;
}

type ParseOption = NonNullable<ParseArgsConfig["options"]>[string];

/** One option: parseArgs' own fields (type, short, multiple, default) plus what --help says of it. */
export type OptionSpec = ParseOption & {
  /** What the option does, one sentence or two; wrapped by --help. */
  description?: string;
  /** The value's name in the usage (`--data DIR`); default VALUE. String options only. */
  value?: string;
  /**
   * The default as --help states it, when `default` is not the whole story (an environment variable, a computed
   * folder).
   */
  defaultText?: string;
  /** Shown without brackets in the usage line; missing, it is a usage error. */
  required?: boolean;
};

export type Options = Record<string, OptionSpec>;

export type Values<O extends Options> = ReturnType<
  typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>
>["values"];

export interface Command<O extends Options> {
  name: string;
  /** Paragraphs between the usage line and the options: what the command does. */
  description?: string;
  /** Paragraphs after the options: environment, output, exit codes. */
  epilogue?: string;
  /**
   * Hand-written help, printed as is. The older shape: a command that still
   * has it works as before; give its options descriptions and drop it.
   */
  usage?: string;
  /** The positional arguments as the usage line shows them (`create|list|revoke`); without it, none are accepted. */
  arguments?: string;
  options: O;
  run(values: Values<O>, positionals: string[]): Promise<void>;
}

/** Types a command's values from its options (`run({ data })` knows `data` is a string). */
export function defineCommand<O extends Options>(command: Command<O>): Command<O> {
  return command;
}

/** How the help names the program: `npm run warehouse --` from a script, `sales-insight warehouse` from the bin. */
export interface RunOptions {
  prog?: string;
}

export async function main<O extends Options>(
  command: Command<O>,
  argv = process.argv.slice(2),
  options: RunOptions = {},
): Promise<void> {
  const prog = options.prog ?? `npm run ${command.name} --`;
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(helpText(command, prog));
    return;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: argv,
        options: parseOptions(command.options),
        strict: true,
        allowPositionals: command.arguments !== undefined,
      });
    } catch (error) {
      throw new UsageError(withSuggestion(error as Error & { code?: string }, Object.keys(command.options)));
    }
    for (const [name, spec] of Object.entries(command.options))
      if (spec.required && parsed.values[name] === undefined) throw new UsageError(`--${name} is required`);
    await command.run(parsed.values as Values<O>, parsed.positionals);
  } catch (error) {
    const err = error as Error;
    process.stderr.write(`${command.name}: ${printableLines(err.message)}\n`);
    if (err instanceof UsageError) process.stderr.write(`Run with --help for usage.\n`);
    if (process.env.DEBUG) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** parseArgs' message, and for a mistyped option the one it was most likely meant to be. */
function withSuggestion(error: Error & { code?: string }, names: readonly string[]): string {
  const typed = error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" ? /'(--[^'=]+)/.exec(error.message)?.[1] : undefined;
  const meant = typed
    ? didYouMean(
        typed,
        names.map((n) => `--${n}`),
      )
    : "";
  return `${error.message}${meant}`;
}

/** `--progress` and `--no-progress`, the same in every command. */
export const PROGRESS_OPTIONS = {
  progress: {
    type: "boolean",
    description: "show progress on stderr; default: when stderr is a terminal, else SALES_PROGRESS (1 on, 0 off)",
  },
  "no-progress": { type: "boolean", description: "never show progress" },
} as const satisfies Options;

/**
 * Whether a command shows progress, decided the same way everywhere: the
 * flags, else SALES_PROGRESS (1 on, 0 off), else `fallback` (for most
 * commands: whether a person watches stderr).
 */
export function progressWanted(
  flags: { progress?: boolean; "no-progress"?: boolean } = {},
  fallback = process.stderr.isTTY === true,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  // Both given: off wins, as for any switch that silences.
  if (flags["no-progress"]) return false;
  if (flags.progress) return true;
  if (env.SALES_PROGRESS === "1") return true;
  if (env.SALES_PROGRESS === "0") return false;
  return fallback;
}

/** True in the module started as the script (`tsx src/cli/warehouse.ts`), false when imported. */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return moduleUrl === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

/** parseArgs' own fields only: the help fields are ours. */
export function parseOptions(options: Options): NonNullable<ParseArgsConfig["options"]> {
  return Object.fromEntries(
    Object.entries(options).map(([name, { type, short, multiple, default: value }]) => [
      name,
      {
        type,
        ...(short ? { short } : {}),
        ...(multiple ? { multiple } : {}),
        ...(value !== undefined ? { default: value } : {}),
      },
    ]),
  ) as NonNullable<ParseArgsConfig["options"]>;
}

const WIDTH = 80;
const HELP_OPTION: OptionSpec = { type: "boolean", short: "h", description: "show this help" };

/**
 * The help of a command: a usage line listing every option, the description,
 * one line (or more, wrapped) per option with its value name and default, and
 * the epilogue. A command still in the older shape prints its `usage`.
 */
export function helpText<O extends Options>(command: Command<O>, prog = `npm run ${command.name} --`): string {
  if (command.usage !== undefined) return command.usage.trim() + "\n";
  const options: [string, OptionSpec][] = [...Object.entries(command.options), ["help", HELP_OPTION]];
  const synopsis = options
    .filter(([name]) => name !== "help")
    .map(([name, spec]) => (spec.required ? optionLabel(name, spec) : `[${optionLabel(name, spec)}]`));
  const lead = `Usage: ${prog}${command.arguments ? ` ${command.arguments}` : ""}`;
  const parts = [wrap(synopsis, lead, " ".repeat(Math.min(lead.length, 40)), 100)];
  if (command.description) parts.push(command.description.trim());
  const labels = options.map(([name, spec]) => `${spec.short ? `-${spec.short}, ` : ""}${optionLabel(name, spec)}`);
  const column = Math.max(...labels.map((l) => l.length)) + 2;
  const lines = options.map(([, spec], i) => {
    const text = [spec.description ?? "", defaultOf(spec)].filter(Boolean).join(" ");
    return wrap(text.split(/\s+/).filter(Boolean), `  ${labels[i]!.padEnd(column)}`, " ".repeat(column + 2), WIDTH);
  });
  parts.push(`Options:\n${lines.join("\n")}`);
  if (command.epilogue) parts.push(command.epilogue.trim());
  return parts.join("\n\n") + "\n";
}

function optionLabel(name: string, spec: OptionSpec): string {
  return spec.type === "string" ? `--${name} ${spec.value ?? "VALUE"}` : `--${name}`;
}

function defaultOf(spec: OptionSpec): string {
  if (spec.defaultText) return `(default: ${spec.defaultText})`;
  if (spec.default === undefined || spec.default === false) return "";
  return `(default: ${Array.isArray(spec.default) ? spec.default.join(",") : String(spec.default)})`;
}

/** Words after `first`, wrapped at `width` columns with `indent` before each further line. */
function wrap(words: string[], first: string, indent: string, width: number): string {
  const lines: string[] = [];
  let line = first;
  let fresh = true; // no word on this line yet
  for (const word of words) {
    if (!fresh && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (fresh && line.endsWith(" ") ? "" : " ") + word;
    }
    fresh = false;
  }
  lines.push(line.trimEnd());
  return lines.join("\n");
}

/** Progress on stderr at most once a second, only where a person is watching (a TTY) or asked. */
export function progressReporter(enabled = progressWanted()) {
  let last = -Infinity; // the first report always shows
  return {
    report(line: string, force = false): void {
      if (!enabled) return;
      const now = performance.now();
      if (!force && now - last < 1000) return;
      last = now;
      const shown = printableLines(line);
      process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${shown}` : `${shown}\n`);
    },
    done(): void {
      if (enabled && process.stderr.isTTY && last > -Infinity) process.stderr.write("\r\x1b[2K");
    },
  };
}

export const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
