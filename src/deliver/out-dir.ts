import { existsSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inspectFolder, preview } from "../owned-folder.js";

/**
 * `--out` names a folder the report or the analyses replace. Replacing means
 * deleting, so only what this tool wrote may go: a folder is taken when it does
 * not exist, is empty, or holds a previous pack or analysis whose manifest.json
 * lists every file in it. Anything else (a user's file, a checkout, the data)
 * is refused with the reason, and so are the filesystem root, the home folder,
 * the project, the working folder and the data folder, and every folder above
 * them, whatever they hold.
 */

export class OutDirError extends Error {
  override name = "OutDirError";
}

const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** The folders no --out may be, or contain. */
function protectedFolders(dataDir?: string): string[] {
  return [...new Set(["/", homedir(), PROJECT_ROOT, process.cwd(), ...(dataDir ? [dataDir] : [])].map(real))];
}

/**
 * Throws OutDirError unless `out` may be replaced. Returns the files of a
 * previous output (relative to `out`, from its manifest), which the caller may
 * delete; empty when the folder is new or empty.
 */
export function checkOutDir(out: string, options: OutDirOptions = {}): string[] {
  const flag = options.flag ?? "--out";
  const target = refuseProtected(out, options);
  const folder = inspectFolder(target, "manifest.json", namedInManifest);
  switch (folder.state) {
    case "missing":
    case "empty":
      return [];
    case "file":
      throw new OutDirError(`${flag} ${out} is a file, not a folder: choose a folder for the output`);
    case "foreign":
      throw new OutDirError(
        `${flag} ${out} is not empty and holds no manifest.json of an earlier pack, so it is not this tool's to replace ` +
          `(${preview(folder.entries)}): choose an empty or new folder`,
      );
    case "owned":
      if (folder.foreign.length)
        throw new OutDirError(
          `${flag} ${out} holds files the earlier pack did not write (${preview(folder.foreign)}): move them away or choose another folder`,
        );
      return folder.files;
  }
}

export interface OutDirOptions {
  /** The extracts' folder, protected like the project. */
  dataDir?: string;
  /** The option named in messages; default --out. */
  flag?: string;
}

/** Throws OutDirError when `out` is, or contains, a protected folder; returns its real path. */
export function refuseProtected(out: string, options: OutDirOptions = {}): string {
  const target = real(out);
  for (const folder of protectedFolders(options.dataDir && resolve(options.dataDir))) {
    const rel = relative(target, folder);
    if (rel === "" || (!rel.startsWith("..") && !isAbsolute(rel)))
      throw new OutDirError(
        `${options.flag ?? "--out"} ${out} would replace ${describe(folder)}${rel ? " (it contains it)" : ""}: choose a folder of its own, e.g. reports/<name>`,
      );
  }
  return target;
}

/** The files a manifest.json says this tool wrote: a pack's `outputs` or an analysis' `files`. */
function namedInManifest(json: unknown): string[] | null {
  const manifest = (json ?? {}) as { outputs?: unknown; files?: unknown };
  const list = Array.isArray(manifest.outputs)
    ? manifest.outputs
    : Array.isArray(manifest.files)
      ? manifest.files
      : null;
  return list?.every((f) => typeof f === "string") ? (list as string[]) : null;
}

/** The real path of a folder, or of the nearest folder above it that exists, with the rest appended. */
function real(path: string): string {
  const abs = resolve(path);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(real(parent), abs.slice(parent.length + (parent.endsWith("/") ? 0 : 1)));
}

function describe(folder: string): string {
  if (folder === "/") return "the filesystem root";
  if (folder === real(homedir())) return `the home folder ${folder}`;
  if (folder === real(PROJECT_ROOT)) return `the project ${folder}`;
  if (folder === real(process.cwd())) return `the working folder ${folder}`;
  return `the data folder ${folder}`;
}
