/**
 * SALES_TRACE=1 writes the time of every query and stage of a run to stderr
 * (`trace 1.234 s query models/customer_features (481250 rows)`), and of
 * every step of a load (`trace 1.241 s load: order_sales built (10
 * statements)`), to see where the time goes without a profiler. Off by
 * default: the output files never carry timings, so the same data gives the
 * same files.
 */

function tracing(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.SALES_TRACE === "1";
}

/** Writes one trace line: `what` took since `started` (a performance.now() reading). */
export function trace(what: string, started: number, write = (line: string) => process.stderr.write(line)): void {
  if (!tracing()) return;
  write(`trace ${((performance.now() - started) / 1000).toFixed(3).padStart(8)} s ${what}\n`);
}

/** Runs `work` and traces it as `what`. */
export async function traced<T>(what: string, work: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await work();
  } finally {
    trace(what, started);
  }
}
