/**
 * Jobs run one at a time, the smallest of those waiting first. The load's
 * byte scans (`inspectSimpleFile`) are JavaScript on one thread: two started
 * together only take turns, both finishing late, while the engine waits for
 * either. One at a time, the smaller file's scan ends in half the time, and
 * the engine stages that file while the other is scanned.
 */
export function smallestFirst(): <T>(size: number, job: () => Promise<T>) => Promise<T> {
  const waiting: { size: number; start: () => void }[] = [];
  let running = false;
  const next = () => {
    if (running || waiting.length === 0) return;
    let smallest = 0;
    for (let k = 1; k < waiting.length; k++) if (waiting[k].size < waiting[smallest].size) smallest = k;
    running = true;
    waiting.splice(smallest, 1)[0].start();
  };
  return (size, job) =>
    new Promise((resolve, reject) => {
      waiting.push({
        size,
        // A job that throws before its first await rejects its caller too, as an async one would.
        start: () =>
          void Promise.resolve()
            .then(job)
            .then(resolve, reject)
            .finally(() => {
              running = false;
              next();
            }),
      });
      // After the current turn of the event loop: jobs asked for together are all waiting when the first is chosen.
      setImmediate(next);
    });
}
