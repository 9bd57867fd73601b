#!/usr/bin/env node
/**
 * What the npm scripts start (`npm run report -- …` is `node scripts/run.mjs
 * report …`): the command from the compiled dist/ with plain node, as the
 * `sales-insight` bin runs it, instead of compiling src/ with tsx at every
 * start. `npm ci` builds dist/ (the `prepare` script).
 *
 * When src/ changed since the last build (an edit, a pull), dist/ would run
 * older code than the checkout holds: the command then runs from src/
 * through tsx, as in development, and stderr says so. The check is
 * src/render/build.ts's `distIsFresh` (one source of truth, the same the
 * report uses before running the notebooks), compiled.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = new URL("../", import.meta.url);
const check = new URL("dist/render/build.js", root);
const fresh = existsSync(fileURLToPath(check)) && (await (await import(check.href)).distIsFresh(fileURLToPath(root)));

if (fresh) {
  await import(new URL("dist/cli/bin.js", root).href);
} else {
  process.stderr.write(
    "src/ is newer than dist/: running from src/ with tsx (npm run build makes the commands start faster)\n",
  );
  const tsx = await import("tsx/esm/api").catch(() => null);
  if (!tsx) {
    process.stderr.write(
      "tsx, which runs src/, is not installed: install the dev dependencies (npm ci) or build dist/ (npm run build)\n",
    );
    process.exit(1);
  }
  tsx.register();
  await import(new URL("src/cli/bin.ts", root).href);
}
