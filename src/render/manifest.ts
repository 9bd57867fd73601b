import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { Filters } from "../analyse/analysis.js";
import type { Period } from "../analyse/period.js";
import type { DataFingerprint } from "./fingerprint.js";
import type { WarehouseContents } from "./warehouse.js";
import type { StageTimes } from "./stages.js";

/**
 * manifest.json: what a pack was made from and how, so a figure can be
 * reproduced (same data fingerprint, same code, same parameters) and a slow
 * stage found.
 */

export interface CodeVersion {
  package: string;
  version: string;
  /** The git commit, when the code runs from a checkout. */
  commit: string | null;
  /** True when the checkout had uncommitted changes. */
  modified: boolean | null;
}

export interface Manifest {
  generated_at: string;
  code: CodeVersion;
  parameters: {
    period: string;
    start: string;
    end: string;
    previous: Period["previous"];
    filters: Filters;
    database: string;
    data_dir: string;
    formats: string[];
  };
  data: {
    /** Combined SHA-256 of the extracts the embedded warehouse holds, and each file's; null for a server warehouse. */
    fingerprint: DataFingerprint | null;
    /** True when this run (re)loaded the warehouse from them. */
    loaded: boolean;
    /** What the warehouse held, counted in SQL. */
    warehouse: WarehouseContents;
  };
  /** Seconds each stage took. */
  stages: StageTimes;
  seconds: number;
  notebooks: { name: string; seconds: number; sections: number }[];
  /** Every file of the pack, relative to it. */
  outputs: string[];
}

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

let version: CodeVersion | undefined;

export function codeVersion(): CodeVersion {
  if (version) return version;
  const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
  version = { package: pkg.name, version: pkg.version, ...gitRevision(ROOT) };
  return version;
}

/** The commit checked out at `root` and whether tracked files differ from it; nulls outside a checkout. */
export function gitRevision(root: string): Pick<CodeVersion, "commit" | "modified"> {
  const git = (...args: string[]) => {
    try {
      return execFileSync("git", args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
    } catch {
      return null;
    }
  };
  const commit = git("rev-parse", "HEAD");
  const status = commit ? git("status", "--porcelain", "--untracked-files=no") : null;
  return { commit, modified: status === null ? null : status.length > 0 };
}

/** "0.1.0 aec27d3" (with "+changes" when the checkout was modified). */
export function describeCode(code: CodeVersion): string {
  return [code.version, code.commit?.slice(0, 7), code.modified ? "+changes" : ""].filter(Boolean).join(" ");
}

/** The files under `dir`, relative and sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split("\\").join("/"))
    .sort();
}
