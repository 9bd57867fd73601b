import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";

/**
 * --currency, --locale and --report-url are checked before any work: a bad one
 * is a usage error (exit 2); an unreachable SMTP server, before a pack is built.
 */

const cli = (name: string, ...args: string[]) =>
  spawnSync(process.execPath, ["--import", "tsx", `src/cli/${name}.ts`, ...args], { encoding: "utf8" });

test("report refuses a currency that is not an ISO 4217 code, with exit 2", () => {
  const r = cli("report", "--currency", "EURO", "--out", "/nonexistent/never-written");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--currency "EURO" is not a currency: expected an ISO 4217 code such as USD, EUR or GBP/);
});

test("email refuses a locale that is not a BCP 47 tag, with exit 2", () => {
  const r = cli("email", "--period", "1997-01", "--to", "ceo@example.com", "--locale", "de_DE!");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--locale "de_DE!" is not a locale: expected a BCP 47 tag such as en-US, de-DE or fr-CH/);
});

test("email refuses a report address that is not a web address, with exit 2", () => {
  const r = cli("email", "--period", "1997-01", "--to", "ceo@example.com", "--report-url", "javascript:alert(1)");
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--report-url is not a web address/);
});

test("email with no pack to send asks the SMTP server before building one, and builds nothing when it cannot be reached", async () => {
  const closed = createServer();
  await new Promise<void>((done) => closed.listen(0, "127.0.0.1", done));
  const { port } = closed.address() as AddressInfo;
  await new Promise((done) => closed.close(done));
  const scratch = mkdtempSync(join(tmpdir(), "email-cli-"));
  try {
    const out = join(scratch, "pack");
    const r = cli(
      "email",
      "--period",
      "1997-01",
      "--to",
      "ceo@example.com",
      "--smtp",
      `smtp://127.0.0.1:${port}`,
      "--out",
      out,
    );
    assert.equal(r.status, 1);
    assert.match(
      r.stderr,
      new RegExp(`could not reach the SMTP server at 127\\.0\\.0\\.1:${port}: connection refused`),
    );
    assert.doesNotMatch(r.stderr, /building it first/);
    assert.equal(existsSync(out), false);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
