import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

/**
 * One stage of the bench run as its own process, measured from outside: wall
 * time, CPU time (user + system) and peak resident memory, read from GNU time
 * (`/usr/bin/time`, Debian's package "time"). Without it the wall time is
 * still measured here and CPU and memory are unknown (the table says so).
 */

export interface Measure {
  wall: number;
  /** User + system seconds of the process and the children it waited for; null without /usr/bin/time. */
  cpu: number | null;
  /** Peak resident set of the largest process, bytes; null without /usr/bin/time. */
  peak: number | null;
}

export const GNU_TIME = "/usr/bin/time";

export class StageError extends Error {
  override name = "StageError";
  constructor(
    message: string,
    /** The exit status (GNU time's: 128 + the signal when one ended the command), null when it never ran. */
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

/** Why a stage failed, in a few words for the table: "exit 1", "killed (exit 137: out of memory?)". */
export function failureReason(error: StageError): string {
  if (error.code === null) return error.message.split("\n")[0];
  // SIGKILL is what the kernel's out-of-memory killer sends.
  if (error.code === 137) return "killed (exit 137: out of memory?)";
  return error.code > 128 ? `ended by signal ${error.code - 128}` : `exit ${error.code}`;
}

/** Runs `command args` to its end; a non-zero exit is a StageError with the end of its stderr. */
export async function measure(
  what: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Measure> {
  const timed = existsSync(GNU_TIME);
  const scratch = mkdtempSync(join(tmpdir(), "bench-time-"));
  const report = join(scratch, "time.txt");
  try {
    const started = performance.now();
    const [file, argv] = timed
      ? [GNU_TIME, ["-f", "%e %U %S %M", "-o", report, command, ...args]]
      : [command, [...args]];
    const { code, stderr } = await run(file, argv, env);
    const wall = (performance.now() - started) / 1000;
    if (code !== 0)
      throw new StageError(`${what} exited with ${code}: ${command} ${args.join(" ")}\n${tail(stderr, 20)}`, code);
    if (!timed) return { wall, cpu: null, peak: null };
    return parseTime(readFileSync(report, "utf8"), wall);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * GNU time's `%e %U %S %M` line (elapsed, user, system seconds, max RSS in
 * KiB). Wall time is ours, to the millisecond (time's is to 10 ms); GNU time
 * writes "Command exited with non-zero status" lines first, so the last line counts.
 */
function parseTime(text: string, wall: number): Measure {
  const last = text.trim().split("\n").at(-1) ?? "";
  const m = /^(\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (\d+)$/.exec(last.trim());
  if (!m)
    throw new StageError(
      `could not read ${GNU_TIME}'s report: expected "elapsed user system maxrss", got ${JSON.stringify(last)}`,
    );
  return { wall, cpu: Number(m[2]) + Number(m[3]), peak: Number(m[4]) * 1024 };
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      // Only the end is ever shown: keep the last 64 KiB.
      stderr = (stderr + chunk).slice(-65536);
    });
    child.on("error", reject);
    // As a shell reports it: 128 + the signal that ended the command.
    child.on("close", (code, signal) =>
      resolve({ code: code ?? (signal ? 128 + constants.signals[signal] : 1), stderr }),
    );
  });
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

/** The median of each measure over runs (peak memory: the highest of the runs). */
export function summarise(runs: readonly Measure[]): Measure {
  if (runs.length === 0) throw new Error("no runs to summarise");
  const cpu = runs.map((r) => r.cpu);
  const peak = runs.map((r) => r.peak);
  return {
    wall: median(runs.map((r) => r.wall)),
    cpu: cpu.every((c) => c !== null) ? median(cpu as number[]) : null,
    peak: peak.every((p) => p !== null) ? Math.max(...(peak as number[])) : null,
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Two stages one after the other: times add up, memory is the higher peak. */
export function sequence(a: Measure, b: Measure): Measure {
  return {
    wall: a.wall + b.wall,
    cpu: a.cpu !== null && b.cpu !== null ? a.cpu + b.cpu : null,
    peak: a.peak !== null && b.peak !== null ? Math.max(a.peak, b.peak) : null,
  };
}
