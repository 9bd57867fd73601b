/**
 * Notebooks load this package with `require` (tslab compiles cells to
 * CommonJS), and Node cannot `require` an ES module graph that contains a
 * top-level await. Vega has one (vega-canvas probes for the optional `canvas`
 * package with `await import`), so any module that imports Vega at load time
 * cannot be required. The functions below load such modules on first call
 * instead, with a dynamic `import()`, which may await; their types are the
 * real ones, so a notebook cannot tell the difference.
 */

// `any` in the constraint only: F keeps the wrapped function's exact signature.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- unknown[] would not accept narrower parameters
type AsyncFunction = (...args: any[]) => Promise<unknown>;

export function lazy<F extends AsyncFunction>(load: () => Promise<F>): F {
  return (async (...args: Parameters<F>) => (await load())(...args)) as F;
}
