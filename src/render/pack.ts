import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, rename, rm } from "node:fs/promises";
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
  await removeStale(parent, basename(out));
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

/**
 * The hidden folders of a run that was killed (kill -9, a power cut) before it
 * could remove them: `.<name>.partial-<pid>-<tag>` and `.<name>.old-<pid>-<tag>`
 * whose process is gone. A live process's folders are left alone.
 */
async function removeStale(parent: string, name: string): Promise<string[]> {
  const pattern = new RegExp(`^\\.${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\.(partial|old)-(\\d+)-[0-9a-f]+$`);
  const removed: string[] = [];
  for (const entry of await readdir(parent)) {
    const m = pattern.exec(entry);
    if (!m || alive(Number(m[2]))) continue;
    // Killed between the two renames: the previous pack goes back into place.
    if (m[1] === "old" && !existsSync(join(parent, name))) {
      await rename(join(parent, entry), join(parent, name));
      continue;
    }
    await rm(join(parent, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
