import { fork, type ChildProcess } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Forks the notebook worker (notebook-worker.ts): the compiled one beside
 * this module in dist/, or, run from src/, the source through tsx. A child
 * inherits tsx from `--import tsx`, but not when scripts/run.mjs registered
 * it in-process (src/ newer than dist/), so it is passed on then.
 */
export function forkNotebookWorker(): ChildProcess {
  const self = fileURLToPath(import.meta.url);
  const source = self.endsWith(".ts");
  const worker = join(dirname(self), `notebook-worker${source ? ".ts" : ".js"}`);
  const inherited = process.execArgv.some((arg) => /(^|[\\/=])tsx([\\/]|$)/.test(arg));
  const execArgv = source && !inherited ? [...process.execArgv, "--import", "tsx"] : process.execArgv;
  return fork(worker, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], execArgv });
}
