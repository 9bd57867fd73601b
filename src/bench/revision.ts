import { gitRevision } from "../render/manifest.js";

/**
 * Which code a bench measured, for the line under its table: "commit
 * 0514aa3", with "and uncommitted changes" when tracked files differ from it
 * (read as the report's manifest reads it). Read when the bench starts, as
 * dist/ is built then. Undefined outside a git checkout (an unpacked tarball)
 * or without git.
 */
export function revision(root: string): string | undefined {
  const { commit, modified } = gitRevision(root);
  return commit ? `commit ${commit.slice(0, 7)}${modified ? " and uncommitted changes" : ""}` : undefined;
}
