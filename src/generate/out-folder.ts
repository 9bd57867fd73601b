import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { inspectFolder, preview } from "../owned-folder.js";
import { GenerateOptionError } from "./errors.js";

/**
 * The folder a data set is written to: new, empty, or one an earlier run
 * wrote, which its generate-manifest.json marks. Files are replaced by name,
 * so any other folder (the real extract in data/, a user's own) is refused
 * rather than overwritten. The manifest is written before the first file: a
 * run that was stopped leaves a folder the next run may take again.
 */
const GENERATE_MANIFEST = "generate-manifest.json";

/**
 * Throws GenerateOptionError unless `out` is missing, empty, or an earlier
 * data set. Files the earlier run did not write are left as they are (a run
 * replaces its own files by name and removes nothing), so they do not refuse it.
 */
export function checkGenerateFolder(out: string): void {
  const folder = inspectFolder(out, GENERATE_MANIFEST, () => []);
  if (folder.state === "file")
    throw new GenerateOptionError(`--out ${out} is a file, not a folder: choose a folder for the data set`);
  if (folder.state === "foreign")
    throw new GenerateOptionError(
      `--out ${out} is not empty and holds no ${GENERATE_MANIFEST}, so its files are not generate's to replace ` +
        `(${preview(folder.entries, "entries")}): choose an empty or new folder`,
    );
}

/** What a run was asked for, and once it is done what it wrote. */
export interface GenerateManifest {
  tool: "sales-insight generate";
  complete: boolean;
  options: Record<string, string | number>;
  written?: { orders: number; lines: number; customers: number; first_order: string; last_order: string };
  files?: string[];
}

export function writeGenerateManifest(out: string, manifest: GenerateManifest): void {
  writeFileSync(join(out, GENERATE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
}
