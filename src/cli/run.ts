import { parseArgs, type ParseArgsConfig } from "node:util";

/**
 * The shape every command shares: `--help`, usage errors with exit code 2,
 * failures with exit code 1 and their message (no stack) on stderr.
 */

export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {
  override name = "UsageError";
}

export type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Command<O extends Options> {
  name: string;
  usage: string;
  options: O;
  run(values: ReturnType<typeof parseArgs<{ options: O; strict: true; allowPositionals: false }>>["values"]): Promise<void>;
}

export async function main<O extends Options>(command: Command<O>, argv = process.argv.slice(2)): Promise<void> {
  if (argv.includes("--help") || argv.includes("-h")) {
    process.stdout.write(command.usage.trim() + "\n");
    return;
  }
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: argv, options: command.options, strict: true, allowPositionals: false });
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
    await command.run(parsed.values);
  } catch (error) {
    const err = error as Error;
    process.stderr.write(`${command.name}: ${err.message}\n`);
    if (err instanceof UsageError) process.stderr.write(`Run with --help for usage.\n`);
    if (process.env.DEBUG) process.stderr.write(`${err.stack}\n`);
    process.exitCode = err instanceof UsageError ? EXIT_USAGE : EXIT_FAILURE;
  }
}

/** `--progress` and `--no-progress`, the same in every command. */
export const PROGRESS_OPTIONS = { progress: { type: "boolean" }, "no-progress": { type: "boolean" } } as const;

export const PROGRESS_HELP = `  --progress      show progress on stderr (--no-progress: never); default: when
                  stderr is a terminal, else SALES_PROGRESS (1 on, 0 off)`;

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

/** Progress on stderr at most once a second, only where a person is watching (a TTY) or asked. */
export function progressReporter(enabled = progressWanted()) {
  let last = -Infinity; // the first report always shows
  return {
    report(line: string, force = false): void {
      if (!enabled) return;
      const now = performance.now();
      if (!force && now - last < 1000) return;
      last = now;
      process.stderr.write(process.stderr.isTTY ? `\r\x1b[2K${line}` : `${line}\n`);
    },
    done(): void {
      if (enabled && process.stderr.isTTY && last > -Infinity) process.stderr.write("\r\x1b[2K");
    },
  };
}

export const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
