import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import pg from "pg";

/**
 * Test helpers for the server backends: a throwaway PostgreSQL database per
 * test file, and the reason a backend's tests are skipped when it is absent;
 * and a DuckDB file held open by another process, as a notebook kernel or a
 * load holds it.
 */

export const POSTGRES_ADMIN_URL = process.env.POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

/** Creates `sales_test_<name>_<pid>` on the local server; `drop` removes it. */
export async function createPostgresDatabase(name: string): Promise<ScratchDatabase> {
  const database = `sales_test_${name}_${process.pid}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${database}`);
    await admin.query(`CREATE DATABASE ${database}`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${database}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

/** Why PostgreSQL tests cannot run here, or undefined when the server answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    return `PostgreSQL is not reachable at ${POSTGRES_ADMIN_URL} (${(error as Error).message}); set POSTGRES_URL to run these tests`;
  }
}

/** Why SQL Server tests cannot run here, or undefined when MSSQL_URL names one. */
export function sqlServerUnavailable(): string | undefined {
  return process.env.MSSQL_URL
    ? undefined
    : "MSSQL_URL is not set: set it to mssql://user:password@host:1433/database to run the adapter suite against SQL Server";
}

/** A process holding a DuckDB file open (for writing, or read-only as a notebook does); `release` ends it. */
export interface DuckDBHolder {
  process: ChildProcess;
  release(): Promise<void>;
}

/** Resolves once another process has `path` open, as `connect` opens it. */
export async function holdDuckDB(path: string, options: { readOnly?: boolean } = {}): Promise<DuckDBHolder> {
  const script =
    `const { connect } = await import("./src/db/connect.ts");` +
    `await connect(${JSON.stringify(`duckdb:${path}`)}, { readOnly: ${options.readOnly === true} });` +
    `console.log("open"); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ["--import", "tsx", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
  const release = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await once(child, "exit");
    }
  };
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on("data", (d: Buffer) => d.toString().includes("open") && resolve());
      child.on("exit", (code) => reject(new Error(`the process holding ${path} exited (${code}) before it opened it`)));
    });
  } catch (error) {
    await release();
    throw error;
  }
  return { process: child, release };
}

/**
 * Runs `node args` until it ends, releasing `holder` once the command's stderr matches `waiting`: a holder let go
 * after a fixed time raced the command's own start on a busy machine, which then found the file free and never waited.
 */
export async function runReleasingWhenWaiting(
  args: string[],
  env: NodeJS.ProcessEnv,
  holder: DuckDBHolder,
  waiting: RegExp,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const command = spawn(process.execPath, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  let released: Promise<void> | null = null;
  command.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  command.stderr!.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
    if (!released && waiting.test(stderr)) released = holder.release();
  });
  const [code] = (await once(command, "close")) as [number | null];
  await (released ?? holder.release());
  return { code, stdout, stderr };
}

/** A loopback port nothing listens on (a database or an SMTP server nobody serves): bind one, note it, release it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
