/**
 * SALES_TRACE=1 writes the time of every query and stage of a run to stderr
 * (`trace    1.234 s    2.101 s CPU query models/customer_features (481250 rows)`),
 * and of every step of a load (`trace    1.241 s    1.305 s CPU load: order_sales built (10 statements)`),
 * to see where the time goes without a profiler. The CPU is the whole process's meanwhile, every thread's (DuckDB's
 * and the workers' too): on two cores the run is CPU-bound, so a step's CPU, not its wall time, says what it costs
 * the rest (docs/performance.md). Steps that overlap (a load's two staging lanes, the extracts beside the charts)
 * each count the other's CPU as well. Off by default: the output files never carry timings, so the same data gives
 * the same files.
 */

function tracing(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SALES_TRACE === "1";
}

/** Where a traced step started: the clock, and the CPU this process had used by then (none when not counted). */
export interface TraceStart {
  wall: number;
  cpu?: number;
}

/** Now, for `trace`. */
export function traceStart(): TraceStart {
  return { wall: performance.now(), cpu: cpuSeconds() };
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

const WIDTH = 8;
const CPU_UNIT = " s CPU";

/** Writes one trace line: `what` took since `started`, in wall time and, where started counts it, CPU time. */
export function trace(
  what: string,
  started: TraceStart,
  write: (line: string) => void = (line) => process.stderr.write(line),
): void {
  if (!tracing()) return;
  const wall = ((performance.now() - started.wall) / 1000).toFixed(3).padStart(WIDTH);
  // A line without CPU keeps the column, so that the names stay aligned.
  const cpu =
    started.cpu === undefined
      ? " ".repeat(WIDTH + CPU_UNIT.length)
      : `${(cpuSeconds() - started.cpu).toFixed(3).padStart(WIDTH)}${CPU_UNIT}`;
  write(`trace ${wall} s ${cpu} ${what}\n`);
}

/** Runs `work` and traces it as `what`. */
export async function traced<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = traceStart();
  try {
    return await work();
  } finally {
    trace(what, started);
  }
}
