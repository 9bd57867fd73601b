import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

/**
 * Whether a folder a command was given is this tool's to write into or
 * replace. A command that writes a folder of its own leaves a manifest in it
 * naming what it wrote (a pack's manifest.json, scrape-manifest.json,
 * generate-manifest.json); a folder is the tool's when it is missing, empty,
 * or holds such a manifest. A file the manifest does not name is someone
 * else's, and replacing the folder would lose it. Each command decides what
 * it takes and words its own refusal; this only says what the folder holds.
 */
export type FolderState =
  | { state: "missing" }
  | { state: "file" }
  | { state: "empty" }
  /** No manifest (or one this command did not write): every file in it, sorted, relative, `/`-separated. */
  | { state: "foreign"; entries: string[] }
  /** A manifest; `foreign` lists the files it does not name (sorted, relative, `/`-separated). */
  | { state: "owned"; files: string[]; foreign: string[] };

/**
 * What `dir` holds. `manifest` is the manifest's file name; `named` reads
 * its parsed JSON and returns the files it names (relative to `dir`), or
 * null when it is not a manifest this command wrote.
 */
export function inspectFolder(
  dir: string,
  manifest: string,
  named: (json: unknown) => readonly string[] | null,
): FolderState {
  if (!existsSync(dir)) return { state: "missing" };
  if (!statSync(dir).isDirectory()) return { state: "file" };
  const files = filesIn(dir);
  if (files.length === 0) return { state: "empty" };
  const listed = readNamed(join(dir, manifest), named);
  if (!listed) return { state: "foreign", entries: files };
  const mine = new Set([...listed, manifest]);
  return { state: "owned", files, foreign: files.filter((f) => !mine.has(f)) };
}

/** The first few names of a list for a message: `a, b, c, … 12 files`. */
export function preview(names: readonly string[], noun = "files"): string {
  return names.slice(0, 3).join(", ") + (names.length > 3 ? `, … ${names.length} ${noun}` : "");
}

function readNamed(path: string, named: (json: unknown) => readonly string[] | null): readonly string[] | null {
  if (!existsSync(path)) return null;
  try {
    return named(JSON.parse(readFileSync(path, "utf8")));
  } catch {
    return null;
  }
}

/** Every file below `dir`, folders left out (an empty folder is nobody's loss). */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}
