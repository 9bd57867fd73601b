import type { Command, Options } from "./run.js";

/**
 * Every command of the `sales-insight` bin, in the order --help lists them.
 * A command is loaded only when run, so `sales-insight --help` and a light
 * command never load DuckDB, Chromium or the notebook runner. Adding a
 * command is one entry here (its module exports `command`) plus its npm
 * script of the same name.
 */

export interface CommandEntry {
  name: string;
  /** One line for `sales-insight --help`. */
  summary: string;
  /** Runs the analyses in this process: the bin starts it with glibc's mmap threshold fixed (malloc.ts). */
  analyses?: boolean;
  load(): Promise<Command<Options>>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: "warehouse",
    summary: "load the CSV extracts into the warehouse, checked, atomically",
    load: async () => (await import("./warehouse.js")).command,
  },
  {
    name: "analyse",
    summary: "run the analyses: figures.json, commentary, charts, Power BI extracts",
    analyses: true,
    load: async () => (await import("./analyse.js")).command,
  },
  {
    name: "report",
    summary: "render the HTML/PDF pack of a period (analyses and notebooks)",
    analyses: true,
    load: async () => (await import("./report.js")).command,
  },
  {
    name: "email",
    summary: "e-mail a period's pack (HTML body, PDF attached)",
    analyses: true,
    load: async () => (await import("./email.js")).command,
  },
  {
    name: "generate",
    summary: "write a synthetic data set of any size in the extract's format",
    load: async () => (await import("./generate.js")).command,
  },
  {
    name: "scrape",
    summary: "read the seven tables from the data site, checked, optionally loaded",
    load: async () => (await import("./scrape.js")).command,
  },
  {
    name: "serve",
    summary: "serve the HTTP API: segment, predict, figures, jobs, models",
    load: async () => (await import("./serve.js")).command,
  },
  {
    name: "api-key",
    summary: "create, list or revoke the API's keys",
    load: async () => (await import("./api-key.js")).command,
  },
  {
    name: "sql",
    summary: "render every SQL template for DuckDB, PostgreSQL and SQL Server",
    load: async () => (await import("./sql.js")).command,
  },
];

export function findCommand(name: string): CommandEntry | undefined {
  return COMMANDS.find((c) => c.name === name);
}
