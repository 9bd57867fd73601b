import { isAbsolute, relative, resolve } from "node:path";

/**
 * A path as a person reads it in a message or a pack: relative to the working
 * folder when inside it ("reports/all"), else absolute ("/tmp/pack", not
 * "../../tmp/pack"). Packs do not carry a machine's paths to its own folders.
 */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel.startsWith("..") || isAbsolute(rel) ? resolve(path) : rel || ".";
}
