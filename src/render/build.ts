import { execFile } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { readdir, utimes } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

/**
 * Notebooks import the project compiled (`../dist/…`: tslab cannot compile
 * sources outside the notebook's folder), so dist/ must match src/ before
 * they run. It is rebuilt only when a source file is newer than the last build.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BUILD_INFO = join(ROOT, "dist", ".tsbuildinfo");

/** True when dist/ was built after the last change to src/. */
export async function distIsFresh(root = ROOT): Promise<boolean> {
  // An installed package or an image ships dist/ without src/: dist/ is the code.
  if (!existsSync(join(root, "src"))) return true;
  const info = join(root, "dist", ".tsbuildinfo");
  if (!existsSync(info)) return false;
  const built = statSync(info).mtimeMs;
  const entries = await readdir(join(root, "src"), { recursive: true, withFileTypes: true });
  return entries.every(
    (e) =>
      !e.isFile() ||
      !e.name.endsWith(".ts") ||
      e.name.endsWith(".test.ts") ||
      statSync(join(e.parentPath, e.name)).mtimeMs <= built,
  );
}

/** Compiles src/ to dist/ (tsconfig.build.json) when it is stale; returns whether it did. */
export async function ensureDist(): Promise<boolean> {
  if (await distIsFresh()) return false;
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  try {
    await promisify(execFile)(process.execPath, [tsc, "-p", join(ROOT, "tsconfig.build.json")], {
      cwd: ROOT,
      maxBuffer: 16 << 20,
    });
    // An incremental build with nothing to emit leaves the file as it was; mark the check done.
    const now = new Date();
    await utimes(BUILD_INFO, now, now);
  } catch (error) {
    const out = String((error as { stdout?: string }).stdout ?? (error as Error).message)
      .trim()
      .split("\n");
    throw new Error(
      `the notebooks need the project compiled to dist/, and the build failed:\n${out.slice(0, 12).join("\n")}${out.length > 12 ? `\n… ${out.length - 12} more lines` : ""}`,
    );
  }
  return true;
}
