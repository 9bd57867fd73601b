import { rmSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { type Browser, type LaunchOptions } from "puppeteer-core";

/**
 * The one way this project starts Chromium (the PDF printer, the scraper's
 * browser mode), so that no Chromium outlives the process that started it:
 *
 * - Chromium talks to us over a pipe (`--remote-debugging-pipe`), not a
 *   WebSocket: when our process dies, even by kill -9, the pipe closes and
 *   Chromium exits with its whole process tree.
 * - On exit and Ctrl-C, puppeteer kills Chromium's process group at once
 *   (Chromium leads a group of its own). SIGTERM and SIGHUP keep Node's
 *   default, ending the process, and the pipe ends Chromium.
 * - Each profile folder carries the owner's pid (`report-chromium-<pid>-…`):
 *   the next launch kills any Chromium still running on the profile of a dead
 *   owner and removes its folder, should a Chromium ever miss the pipe's end.
 */

export interface Chromium {
  browser: Browser;
  /** The profile folder (--user-data-dir), removed by `close`. */
  profile: string;
  /** Closes the browser and removes its profile; safe to call twice. */
  close(): Promise<void>;
}

export interface ChromiumOptions {
  executablePath: string;
  args: readonly string[];
  /** Names the profile folder: `<purpose>-chromium-<pid>-XXXXXX` in the temp folder. */
  purpose: "report" | "scrape" | "test";
}

const PROFILE = /^(report|scrape|test)-chromium-(\d+)-[A-Za-z0-9]+$/;

export async function launchChromium(options: ChromiumOptions): Promise<Chromium> {
  await removeStaleChromium();
  const profile = await mkdtemp(join(tmpdir(), `${options.purpose}-chromium-${process.pid}-`));
  const launch: LaunchOptions = {
    executablePath: options.executablePath,
    headless: true,
    pipe: true,
    // Node's default on SIGTERM/SIGHUP is to end the process: puppeteer's handlers would keep it running.
    handleSIGTERM: false,
    handleSIGHUP: false,
    args: [...options.args, `--user-data-dir=${profile}`],
  };
  let browser: Browser;
  try {
    browser = await puppeteer.launch(launch);
  } catch (error) {
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  // On exit (Ctrl-C included: puppeteer kills Chromium, then exits), after puppeteer's own handler has killed it.
  const onExit = () => rmSync(profile, { recursive: true, force: true, maxRetries: 3 });
  process.once("exit", onExit);
  // Chromium may still be writing the profile as it exits: retry, and never fail over a temp folder.
  const removeProfile = () => {
    process.off("exit", onExit);
    return rm(profile, { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
  };
  browser.once("disconnected", () => void removeProfile());
  return {
    browser,
    profile,
    async close() {
      await browser.close().catch(() => undefined);
      await removeProfile();
    },
  };
}

/**
 * Kills every Chromium whose profile belongs to a process that is gone, and
 * removes such profile folders; a live owner's are left alone. Linux only
 * (it reads /proc); elsewhere it does nothing. Returns the pids killed.
 */
export async function removeStaleChromium(temp = tmpdir()): Promise<number[]> {
  const killed: number[] = [];
  const stale = (name: string) => {
    const m = PROFILE.exec(name);
    return m !== null && !alive(Number(m[2]));
  };
  for (const { pid, profile } of await chromiumProfiles(temp)) {
    if (!stale(profile)) continue;
    try {
      // A Chromium that leads its own process group takes its helpers (zygote, renderers) with it.
      process.kill((await processGroup(pid)) === pid ? -pid : pid, "SIGKILL");
      killed.push(pid);
    } catch {
      // Gone already, or not ours to kill.
    }
  }
  // SIGKILL is delivered, not done: a dying Chromium may still be writing its
  // profile, so removal waits (bounded) until no process runs on a stale one.
  const end = Date.now() + 5000;
  while (killed.length > 0 && Date.now() < end && (await chromiumProfiles(temp)).some((p) => stale(p.profile)))
    await new Promise((r) => setTimeout(r, 50));
  const entries = await readdir(temp).catch(() => [] as string[]);
  for (const name of entries.filter(stale))
    // A leftover that cannot be removed must never fail the launch that found it.
    await rm(join(temp, name), { recursive: true, force: true, maxRetries: 5 }).catch(() => undefined);
  return killed;
}

/**
 * Processes running with a --user-data-dir in `temp`, read from /proc. A
 * zombie's cmdline is empty, so a killed process counts as gone at once.
 */
async function chromiumProfiles(temp: string): Promise<{ pid: number; profile: string }[]> {
  const pids = (await readdir("/proc").catch(() => [] as string[])).filter((n) => /^\d+$/.test(n));
  const prefix = `--user-data-dir=${join(temp, "/")}`;
  const found: { pid: number; profile: string }[] = [];
  for (const pid of pids) {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
    const arg = cmdline.split("\0").find((a) => a.startsWith(prefix));
    if (arg) found.push({ pid: Number(pid), profile: arg.slice(prefix.length).split("/")[0] });
  }
  return found;
}

/** The process group of `pid` (the fifth field of /proc/<pid>/stat), or null. */
async function processGroup(pid: number): Promise<number | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  // The command, in parentheses, may hold spaces: count the fields after it.
  const group = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
  return Number.isInteger(group) && group > 0 ? group : null;
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
