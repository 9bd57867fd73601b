#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { COMMANDS, findCommand } from "./commands.js";
import { restartWithMalloc, wantsMallocRestart } from "./malloc.js";
import { EXIT_USAGE, helpText, main } from "./run.js";
import { didYouMean } from "../closest.js";
import { printable } from "../printable.js";

/**
 * `sales-insight <command> [options]`: the package's bin, the same commands
 * as the npm scripts (which start it through scripts/run.mjs), run from the
 * compiled dist/ with plain node.
 */

const PROG = "sales-insight";

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    `Usage: ${PROG} <command> [options]`,
    "",
    "Sales analysis: warehouse, analyses, segmentation, prediction, HTML/PDF packs.",
    "",
    "Commands:",
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    "",
    `Run \`${PROG} <command> --help\` for a command's options; \`${PROG} --version\` for the version.`,
    "Exit codes: 0 done, 1 failure, 2 usage error.",
    "",
  ].join("\n");
}

/** How the help names a command: as the user typed it, `npm run report --` from the npm script (scripts/run.mjs). */
function progOf(command: string): string {
  return process.env.npm_lifecycle_event === command ? `npm run ${command} --` : `${PROG} ${command}`;
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
  return pkg.version;
}

const [name, ...args] = process.argv.slice(2);
if (name === undefined || name === "--help" || name === "-h") {
  (name === undefined ? process.stderr : process.stdout).write(overview());
  if (name === undefined) process.exitCode = EXIT_USAGE;
} else if (name === "--version" || name === "-v") {
  process.stdout.write(`${version()}\n`);
} else if (name === "help" && args[0] !== undefined && findCommand(args[0])) {
  process.stdout.write(helpText(await findCommand(args[0])!.load(), progOf(args[0])));
} else {
  const entry = findCommand(name);
  if (!entry) {
    const names = COMMANDS.map((c) => c.name);
    process.stderr.write(
      `${PROG}: unknown command "${printable(name)}"${didYouMean(name, names)}: expected one of ${names.join(", ")}\nRun \`${PROG} --help\` for usage.\n`,
    );
    process.exitCode = EXIT_USAGE;
  } else if (entry.analyses && !args.includes("--help") && !args.includes("-h") && wantsMallocRestart()) {
    await restartWithMalloc();
  } else {
    await main(await entry.load(), args, { prog: progOf(name) });
  }
}
