import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

/**
 * The image users build and the stack they run. The static checks always
 * run; the smoke test (scripts/container-smoke.sh: build, PostgreSQL, the
 * CLI and the API in containers, Newman, a PDF) takes minutes, so it runs
 * only where podman exists and CONTAINER_SMOKE=1 asks for it.
 */

const root = fileURLToPath(new URL("../../", import.meta.url));
const dockerfile = readFileSync(join(root, "Dockerfile"), "utf8");

test("the Dockerfile builds from an official Node 22 image by default, in two stages, and runs as a non-root user", () => {
  assert.match(dockerfile, /^ARG BASE=node:22-bookworm-slim$/m);
  assert.equal(dockerfile.match(/^FROM \$\{BASE\} AS \w+$/gm)?.length, 2);
  assert.match(dockerfile, /npm ci --omit=dev/, "the runtime stage has production dependencies only");
  const users = [...dockerfile.matchAll(/^USER (\S+)$/gm)].map((m) => m[1]);
  assert.deepEqual(users, ["app"]);
  assert.match(dockerfile, /^HEALTHCHECK .*\n.*\/healthz/m);
  assert.match(dockerfile, /apt-get install .*chromium .*fonts-/);
});

test("the HEALTHCHECK asks the port serve listens on: both read SALES_API_PORT, which the image sets", () => {
  const serve = readFileSync(join(root, "src", "cli", "serve.ts"), "utf8");
  assert.match(serve, /env\.SALES_API_PORT/);
  assert.match(dockerfile, /^ENV [^]*?\bSALES_API_PORT=8080\b/m);
  assert.match(dockerfile, /^HEALTHCHECK .*\n.*process\.env\.SALES_API_PORT\b.*\/healthz/m);
  assert.doesNotMatch(dockerfile, /^CMD \[.*"--port"/m, "a --port in CMD would leave the HEALTHCHECK on another port");
});

test("no secret reaches a layer: the CA bundle is a build secret, and the image carries no credentials", () => {
  assert.doesNotMatch(dockerfile, /^(ENV|ARG) .*(PASSWORD|SECRET|TOKEN|KEY)\b/im);
  assert.doesNotMatch(dockerfile, /^(COPY|ADD) .*(\.env|ca-certificates\.crt|\.npmrc)/im);
  for (const run of dockerfile.match(/^RUN[^\n]*hostca[^\n]*$/gm) ?? [])
    assert.match(run, /--mount=type=secret,id=hostca/);
  // Machine-specific podman settings belong to the smoke script, not to the image users build.
  assert.doesNotMatch(dockerfile, /runc|cgroupfs|--network|nofile/);
  const ignored = readFileSync(join(root, ".dockerignore"), "utf8").split("\n");
  assert.equal(
    ignored[ignored.findIndex((l) => !l.startsWith("#") && l.trim())],
    "*",
    ".dockerignore admits only what it lists",
  );
});

test("compose.yaml is valid, keeps the warehouse on a volume and names every setting it needs", (t) => {
  const compose = spawnSync("docker-compose", ["-f", join(root, "compose.yaml"), "config"], {
    encoding: "utf8",
    env: { ...process.env, POSTGRES_PASSWORD: "x", SALES_REPORT_TO: "ops@example.com" },
  });
  if (compose.error) return t.skip("docker-compose is not installed here (apt-get install docker-compose)");
  assert.equal(compose.status, 0, compose.stderr);
  assert.match(compose.stdout, /warehouse:\/var\/lib\/postgresql\/data/);
  assert.match(compose.stdout, /api-state:\/app\/data\/api\b/, "the API's keys and jobs outlive its container");
  assert.match(compose.stdout, /^ {2}(api|db|scheduler):$/gm);
  const missing = spawnSync("docker-compose", ["-f", join(root, "compose.yaml"), "config"], {
    encoding: "utf8",
    env: { ...process.env, POSTGRES_PASSWORD: "" },
  });
  assert.notEqual(missing.status, 0, "a stack without a database password is refused");
});

test(
  "container smoke: image build, PostgreSQL, CLI, API, Newman, PDF (CONTAINER_SMOKE=1, needs podman)",
  { timeout: 30 * 60_000 },
  (t) => {
    if (process.env.CONTAINER_SMOKE !== "1")
      return t.skip("set CONTAINER_SMOKE=1 to run it (it takes minutes: npm run container:smoke)");
    if (spawnSync("podman", ["--version"]).error) return t.skip("podman is not installed here");
    execFileSync("bash", [join(root, "scripts", "container-smoke.sh")], { cwd: root, stdio: "inherit" });
  },
);
