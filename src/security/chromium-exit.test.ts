import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { removeStaleChromium } from "../chromium/launch.js";
import { CHROMIUM_PATH } from "../render/pdf.js";

/**
 * A report killed during its PDF stage (kill -9, Ctrl-C) leaves no Chromium
 * behind: Chromium talks over a pipe and exits when it closes, Ctrl-C kills
 * its process group at once, and the next launch removes what a dead run
 * left (src/chromium/launch.ts). Every wait is bounded.
 */

const CHILD = fileURLToPath(new URL("./printing-child.ts", import.meta.url));
let temp: string;
before(() => {
  temp = mkdtempSync(join(tmpdir(), "chromium-exit-"));
});
after(() => rmSync(temp, { recursive: true, force: true }));

/** Pids whose process group is `group` (Chromium leads its own), from /proc. */
function groupMembers(group: number): number[] {
  return readdirSync("/proc")
    .filter((n) => /^\d+$/.test(n))
    .filter((pid) => {
      try {
        // The fields after the command's closing parenthesis: state, ppid, pgrp, …
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]) === group;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(check: () => boolean, seconds: number): Promise<boolean> {
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** Starts the printer in a child whose temp folder is `dir`; resolves once it is printing. */
async function printingChild(dir: string) {
  mkdirSync(dir, { recursive: true });
  const child = spawn(process.execPath, ["--import", "tsx", CHILD], {
    env: { ...process.env, TMPDIR: dir },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const printing = await until(() => /printing/.test(out), 60);
  assert.ok(printing, `the printer did not start within 60 s: ${out}`);
  const chromium = Number(/chromium (\d+)/.exec(out)?.[1]);
  assert.ok(chromium > 0 && groupMembers(chromium).length > 0, "Chromium runs in a process group of its own");
  // Into the print: Chromium is laying out and printing the long document.
  await new Promise((r) => setTimeout(r, 700));
  return { child, chromium, exited };
}

test("kill -9 of a report mid-PDF leaves no Chromium, and the next launch removes its profile", async (t) => {
  if (!existsSync(CHROMIUM_PATH)) return t.skip(`no Chromium at ${CHROMIUM_PATH}`);
  const dir = join(temp, "kill");
  const { child, chromium, exited } = await printingChild(dir);
  child.kill("SIGKILL");
  assert.deepEqual(await exited, { code: null, signal: "SIGKILL" });
  const gone = await until(() => groupMembers(chromium).length === 0, 15);
  assert.ok(gone, `Chromium processes left after kill -9: ${groupMembers(chromium).join(", ")}`);

  const profiles = () => readdirSync(dir).filter((n) => n.startsWith(`report-chromium-${child.pid}-`));
  assert.equal(profiles().length, 1, "a killed run cannot remove its own profile");
  await removeStaleChromium(dir);
  assert.deepEqual(profiles(), [], "the next launch removes it");
});

test("Ctrl-C of a report mid-PDF ends Chromium at once and removes its profile", async (t) => {
  if (!existsSync(CHROMIUM_PATH)) return t.skip(`no Chromium at ${CHROMIUM_PATH}`);
  const dir = join(temp, "interrupt");
  const { child, chromium, exited } = await printingChild(dir);
  child.kill("SIGINT");
  assert.deepEqual(await exited, { code: 130, signal: null });
  assert.ok(
    await until(() => groupMembers(chromium).length === 0, 5),
    `Chromium processes left after Ctrl-C: ${groupMembers(chromium).join(", ")}`,
  );
  assert.deepEqual(
    readdirSync(dir).filter((n) => n.startsWith("report-chromium-")),
    [],
    "no profile folder is left",
  );
});

test("a Chromium left running on a dead run's profile is killed by the next launch, a live run's is not", async (t) => {
  if (!existsSync(CHROMIUM_PATH)) return t.skip(`no Chromium at ${CHROMIUM_PATH}`);
  const dir = join(temp, "stale");
  mkdirSync(dir);
  // The pid of a process that has exited: the owner of the stranded profile.
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]).stdout.toString();
  const start = (owner: string | number) => {
    const profile = join(dir, `report-chromium-${owner}-abc123`);
    mkdirSync(profile);
    const chromium = spawn(
      CHROMIUM_PATH,
      ["--headless", "--no-sandbox", "--disable-gpu", `--user-data-dir=${profile}`, "about:blank"],
      { detached: true, stdio: "ignore" },
    );
    return { chromium, profile };
  };
  const stale = start(dead);
  const live = start(process.pid);
  try {
    assert.ok(stale.chromium.pid && live.chromium.pid);
    await new Promise((r) => setTimeout(r, 500));
    const killed = await removeStaleChromium(dir);
    assert.ok(killed.includes(stale.chromium.pid), `killed ${killed.join(", ")}`);
    assert.ok(await until(() => stale.chromium.exitCode !== null || stale.chromium.signalCode !== null, 5));
    assert.equal(existsSync(stale.profile), false, "the dead run's profile is removed");
    assert.equal(live.chromium.exitCode, null, "a live run's Chromium is left alone");
    assert.equal(existsSync(live.profile), true);
  } finally {
    for (const { chromium } of [stale, live])
      try {
        if (chromium.pid) process.kill(-chromium.pid, "SIGKILL");
      } catch {
        // Already gone.
      }
  }
});
