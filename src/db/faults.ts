/**
 * What can go wrong between the tool and a database server, said as one line
 * naming the server: it does not answer (connect or statement timeout, both
 * configurable), refuses, or drops the connection mid-run.
 */

export interface DbTimeouts {
  /** Seconds to wait for a connection, from SALES_DB_CONNECT_TIMEOUT (default 15). */
  connectSeconds: number;
  /** Seconds any one statement may take, from SALES_DB_STATEMENT_TIMEOUT (default 3600; 0 = no limit). */
  statementSeconds: number;
}

export class DatabaseFaultError extends Error {
  override name = "DatabaseFaultError";
}

/** The connection went away mid-run: nothing more can be sent on it. */
export class ConnectionLostError extends DatabaseFaultError {
  override name = "ConnectionLostError";
}

export function dbTimeouts(env: NodeJS.ProcessEnv = process.env): DbTimeouts {
  return {
    connectSeconds: seconds(env, "SALES_DB_CONNECT_TIMEOUT", 15),
    statementSeconds: seconds(env, "SALES_DB_STATEMENT_TIMEOUT", 3600),
  };
}

function seconds(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0)
    throw new DatabaseFaultError(`${name} is "${raw}": expected a number of seconds, e.g. 30 (0 for no limit)`);
  return n;
}
