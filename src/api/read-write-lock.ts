/**
 * Many readers at once, or one writer alone. A writer that is waiting holds
 * back the readers that come after it, so a load is not starved by a steady
 * stream of requests; the waiting are let in in the order they came.
 */
export class ReadWriteLock {
  private readers = 0;
  private writing = false;
  private readonly waiting: { write: boolean; enter: () => void }[] = [];

  /** A writer holds the lock or waits for it. */
  get writer(): boolean {
    return this.writing || this.waiting.some((w) => w.write);
  }

  read<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(false, work);
  }

  write<T>(work: () => Promise<T>): Promise<T> {
    return this.hold(true, work);
  }

  private async hold<T>(write: boolean, work: () => Promise<T>): Promise<T> {
    if (this.waiting.length === 0 && this.free(write)) this.enter(write);
    else await new Promise<void>((enter) => this.waiting.push({ write, enter: () => (this.enter(write), enter()) }));
    try {
      return await work();
    } finally {
      if (write) this.writing = false;
      else this.readers--;
      while (this.waiting.length > 0 && this.free(this.waiting[0].write)) this.waiting.shift()!.enter();
    }
  }

  private free(write: boolean): boolean {
    return !this.writing && (!write || this.readers === 0);
  }

  private enter(write: boolean): void {
    if (write) this.writing = true;
    else this.readers++;
  }
}
