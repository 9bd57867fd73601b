import assert from "node:assert/strict";
import { resolve } from "node:path";
import { test } from "node:test";
import { configFromUrl } from "./mssql.js";
import { pbidsFor } from "../deliver/powerbi.js";
import { canonicalDbUrl, maskUrl, parseDbUrl, serverAddress, UnknownDatabaseError } from "./url.js";

test("a duckdb: URL names a file, made absolute, or memory", () => {
  assert.equal(parseDbUrl("duckdb:data/w.duckdb").path, resolve("data/w.duckdb"));
  assert.equal(parseDbUrl("duckdb:").path, ":memory:");
  assert.equal(parseDbUrl("duckdb::memory:").dialect, "duckdb");
  assert.equal(canonicalDbUrl("duckdb:data/w.duckdb"), `duckdb:${resolve("data/w.duckdb")}`);
  assert.equal(canonicalDbUrl("duckdb::memory:"), "duckdb::memory:");
});

test("a server URL gives its dialect, host, port (or the default), database, user and options", () => {
  assert.deepEqual(parseDbUrl("postgresql://ann:p%40ss@db.local/sales?sslmode=require"), {
    dialect: "postgres",
    path: "",
    host: "db.local",
    port: 5432,
    explicitPort: false,
    database: "sales",
    user: "ann",
    password: "p@ss",
    options: { sslmode: "require" },
  });
  const ms = parseDbUrl("sqlserver://sa:x@127.0.0.1:14330/north%20wind?encrypt=true");
  assert.equal(ms.dialect, "tsql");
  assert.equal(ms.port, 14330);
  assert.equal(ms.database, "north wind");
  assert.equal(configFromUrl("mssql://sa:x@127.0.0.1:14330/north%20wind?encrypt=true").options?.encrypt, true);
  assert.equal(serverAddress("postgres://postgres@127.0.0.1/x"), "127.0.0.1:5432");
  assert.equal(maskUrl("mssql://sa:secret@h:1433/db"), "mssql://sa:***@h:1433/db");
});

test("any other URL is refused with what was expected", () => {
  for (const url of ["mysql://h/db", "data/w.duckdb", "postgres:/h/db", "postgres://[bad/db"])
    assert.throws(
      () => parseDbUrl(url),
      (e: unknown) => e instanceof UnknownDatabaseError && /expected duckdb:PATH/.test(String(e)),
    );
});

test("the Power BI data source reads server and database through the same parser", () => {
  assert.deepEqual(
    pbidsFor({ dialect: "postgres", label: "postgres://postgres@127.0.0.1:5433/sales" })?.connections[0].details,
    {
      protocol: "postgresql",
      address: { server: "127.0.0.1:5433", database: "sales" },
    },
  );
  assert.equal(
    pbidsFor({ dialect: "tsql", label: "mssql://sa:***@sql.local/dw" })?.connections[0].details.address.server,
    "sql.local",
  );
});
