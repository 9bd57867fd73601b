import { spawn } from "node:child_process";
import { trace } from "../trace.js";

/**
 * glibc gives a large allocation its own mmap, handed back to the system
 * when freed, only below a threshold that it raises each time such a block is
 * freed; above it, freed memory stays in the allocator's arenas for reuse.
 * glibc serves Node's side: the models' typed arrays, buffers, the workers.
 * (DuckDB allocates through the jemalloc built into its library, which these
 * variables do not reach; db/duckdb.ts sets how it hands memory back.) A
 * full analysis of ten million order lines peaked at 1.23-1.26 GB; with the
 * threshold fixed at glibc's own starting value (128 KiB) the same run peaks
 * at 0.94-0.96 GB, for 0.2-0.5 s more system time. Each thread that
 * allocates (the models' workers, libuv's pool) also gets an arena of its
 * own, up to eight per core, and what one arena frees serves no other: with
 * two arenas (MALLOC_ARENA_MAX=2) the same run peaked at 0.83-1.00 GB (median
 * 0.91 GB, twelve runs) instead of 0.91-1.03 GB (median 0.99 GB, six runs
 * alternating with them), for about 0.15 s more (medians 15.07 s and 14.9 s;
 * the report at 1M orders unchanged). glibc reads both variables only when a
 * process starts, so the commands that run the analyses start once more with
 * them (commands.ts, `analyses`); values the caller set are kept as they are.
 * The loader frees its memory in one go at the end and gains nothing; the API
 * server, long-running, gets them from its image (Dockerfile).
 */
const MALLOC_ENV = { MALLOC_MMAP_THRESHOLD_: "131072", MALLOC_ARENA_MAX: "2" } as const;

/** True when this process should start again with MALLOC_ENV: on Linux, unless the caller set the variable. */
export function wantsMallocRestart(env: NodeJS.ProcessEnv = process.env, platform = process.platform): boolean {
  return platform === "linux" && env.MALLOC_MMAP_THRESHOLD_ === undefined;
}

/**
 * Runs this process's command line again in a child with MALLOC_ENV and
 * ends with it: its exit code, or the signal that ended it. The child shares
 * the terminal, so Ctrl-C reaches it directly (this process ignores SIGINT
 * meanwhile); SIGTERM and SIGHUP sent to this process are passed on.
 */
export function restartWithMalloc(): Promise<never> {
  // The child's CPU is not this process's: the line gives its wall time alone.
  const started = { wall: performance.now() };
  // The caller's own values win: MALLOC_MMAP_THRESHOLD_ is unset (or there would be no restart), an arena count
  // may be set.
  const env = { ...MALLOC_ENV, ...process.env };
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: "inherit", env });
  const ignore = () => undefined;
  const pass = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", ignore);
  process.on("SIGTERM", pass);
  process.on("SIGHUP", pass);
  return new Promise<never>(() => {
    child.on("error", (error) => {
      process.stderr.write(`could not start again with ${Object.keys(MALLOC_ENV).join(", ")}: ${error.message}\n`);
      process.exit(1);
    });
    child.on("exit", (code, signal) => {
      trace(
        `started again with MALLOC_MMAP_THRESHOLD_=${env.MALLOC_MMAP_THRESHOLD_}, MALLOC_ARENA_MAX=${env.MALLOC_ARENA_MAX}`,
        started,
      );
      process.off("SIGINT", ignore);
      process.off("SIGTERM", pass);
      process.off("SIGHUP", pass);
      if (signal) process.kill(process.pid, signal);
      else process.exit(code ?? 1);
    });
  });
}
