/**
 * How a reader of an embedded warehouse lets go of the file while it idles
 * (the API, a notebook kernel), so that a load in another process can take
 * it: counts the pieces of work under way and calls `letGo` once none has run
 * for `ms`. `letGo` checks `idle` again, since work may have come meanwhile.
 */
export class IdleRelease {
  private busy = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ms: number,
    private readonly letGo: () => void,
  ) {}

  /** No piece of work is under way. */
  get idle(): boolean {
    return this.busy === 0;
  }

  /** Runs `work` as one piece of work: the timer stops, and starts again when the last piece ends. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    this.busy++;
    this.cancel();
    try {
      return await work();
    } finally {
      if (--this.busy === 0) {
        this.timer = setTimeout(this.letGo, this.ms);
        // An idle timer keeps no process alive (a kernel that is stopping, a test's).
        this.timer.unref();
      }
    }
  }

  /** Stops the timer (the file is let go, or kept, some other way). */
  cancel(): void {
    clearTimeout(this.timer);
  }
}
