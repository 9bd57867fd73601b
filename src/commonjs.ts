import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * A CommonJS package, required rather than imported. To import one, Node's
 * ESM loader first reads its source, and every file it re-exports, with a
 * lexer written in JavaScript to learn the names it exports, and V8 then
 * compiles that lexer once it is hot: @duckdb/node-api (some sixty files
 * re-exported) took 0.34 s of CPU to import at each start against 0.17 s to
 * require, numeric (142 KB in one file) 0.14 s against 0.10 s (five starts
 * each, docs/performance.md). For the packages every run loads; the type is
 * the caller's (`typeof` a type-only import of the package).
 */
export function requireCommonJs<T>(name: string): T {
  return require(name) as T;
}
