/** What a wait for the warehouse is told: how long, how often, and whom to tell why it is not over yet. */
export interface RetryOptions<W> {
  timeoutMs: number;
  intervalMs: number;
  signal?: AbortSignal;
  onWait?: (why: W, tries: number) => void;
}

/**
 * Tries `attempt` every `intervalMs` until it answers null (done), for at
 * most `timeoutMs`: each other answer says why not yet, and is passed to
 * `onWait` between tries, or to `late` for the error to throw once the time
 * is up. An abort of `signal` ends the wait at the next try. The waits for a
 * warehouse to be loaded, to be let go by a load, and by its readers.
 */
export async function retry<W>(
  options: RetryOptions<W>,
  attempt: () => Promise<W | null>,
  late: (why: W, tries: number) => Error,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (let tries = 1; ; tries++) {
    options.signal?.throwIfAborted();
    const why = await attempt();
    if (why === null) return;
    if (Date.now() >= deadline) throw late(why, tries);
    options.onWait?.(why, tries);
    await new Promise((resolve) => setTimeout(resolve, Math.min(options.intervalMs, deadline - Date.now())));
  }
}
