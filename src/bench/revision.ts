import { spawnSync } from "node:child_process";

/**
 * Which code a bench measured, for the line under its table: "commit
 * 0514aa3", with "and uncommitted changes" when tracked files differ from it.
 * Read when the bench starts, as dist/ is built then. Undefined outside a git
 * checkout (an unpacked tarball) or without git.
 */
export function revision(root: string): string | undefined {
  const git = (...args: string[]) => spawnSync("git", ["-C", root, ...args], { encoding: "utf8" });
  const head = git("rev-parse", "--short", "HEAD");
  if (head.status !== 0 || !head.stdout.trim()) return undefined;
  const changed = git("status", "--porcelain", "--untracked-files=no");
  const dirty = changed.status === 0 && changed.stdout.trim() !== "";
  return `commit ${head.stdout.trim()}${dirty ? " and uncommitted changes" : ""}`;
}
