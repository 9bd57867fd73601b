import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/**
 * A pack appears whole or not at all: it is written into a hidden folder
 * beside its target and renamed into place only when every stage succeeded.
 * A failure removes the half-written folder and leaves any previous pack as
 * it was, so nothing that looks complete is ever a partial render.
 */
export async function writeAtomically<T>(target: string, build: (dir: string) => Promise<T>): Promise<T> {
  const out = resolve(target);
  const parent = dirname(out);
  await mkdir(parent, { recursive: true });
  const tag = `${process.pid}-${randomBytes(3).toString("hex")}`;
  const temp = join(parent, `.${basename(out)}.partial-${tag}`);
  await mkdir(temp);
  let result: T;
  try {
    result = await build(temp);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  // Two renames, not one: rename() cannot replace a non-empty folder.
  const old = join(parent, `.${basename(out)}.old-${tag}`);
  if (existsSync(out)) await rename(out, old);
  try {
    await rename(temp, out);
  } catch (error) {
    if (existsSync(old)) await rename(old, out);
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  await rm(old, { recursive: true, force: true });
  return result;
}
