import assert from "node:assert/strict";
import { userInfo } from "node:os";
import { test } from "node:test";
import { connect } from "./connect.js";
import { withDefaultUser } from "./postgres.js";
import { postgresUnavailable } from "./testing.js";

test("a URL without a user gets PGUSER's, else the operating system's, as psql would take", () => {
  assert.equal(
    withDefaultUser("postgres://db.example:5432/sales", { PGUSER: "report" }),
    "postgres://report@db.example:5432/sales",
  );
  assert.equal(
    withDefaultUser("postgresql://127.0.0.1/sales?sslmode=disable", {}),
    `postgresql://${encodeURIComponent(userInfo().username)}@127.0.0.1/sales?sslmode=disable`,
  );
  assert.equal(
    withDefaultUser("postgres://db/sales", { PGUSER: "o'neil @ ops" }),
    "postgres://o'neil%20%40%20ops@db/sales",
  );
});

test("a URL that names its user, in the authority or as ?user=, is left as it is", () => {
  assert.equal(
    withDefaultUser("postgres://sales:secret@db/sales", { PGUSER: "x" }),
    "postgres://sales:secret@db/sales",
  );
  assert.equal(withDefaultUser("postgres://db/sales?user=sales", { PGUSER: "x" }), "postgres://db/sales?user=sales");
});

const skip = await postgresUnavailable();

test(
  "with $USER unset (cron, systemd, a container) a URL without a user connects as the operating system's user",
  { skip },
  async () => {
    const saved = { USER: process.env.USER, PGUSER: process.env.PGUSER };
    delete process.env.USER;
    delete process.env.PGUSER;
    const me = userInfo().username;
    try {
      // A server without a role of that name refuses it by name: the user was sent either way.
      const db = await connect("postgres://127.0.0.1:5432/postgres").catch((error: Error) => {
        assert.match(error.message, new RegExp(`role "${me}" does not exist`));
        return null;
      });
      if (!db) return;
      try {
        const [row] = await db.query<{ user: string }>("SELECT current_user AS user");
        assert.equal(row.user, me);
      } finally {
        await db.close();
      }
    } finally {
      for (const [name, value] of Object.entries(saved)) if (value !== undefined) process.env[name] = value;
    }
  },
);

test(
  "a bulk insert on a connection the server has dropped fails as a lost connection, with no stray error event",
  { skip },
  async () => {
    const db = await connect("postgres://postgres@127.0.0.1:5432/postgres");
    const admin = await connect("postgres://postgres@127.0.0.1:5432/postgres");
    const stray: unknown[] = [];
    const onStray = (error: unknown) => stray.push(error);
    process.on("uncaughtException", onStray);
    try {
      const [{ pid }] = await db.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      await db.exec("CREATE TEMP TABLE copied (n integer)");
      await admin.query("SELECT pg_terminate_backend($pid)", { pid });
      // An idle client hears of the loss by an 'error' event; from then on every call fails at once.
      await new Promise((r) => setTimeout(r, 300));
      const rows = (async function* () {
        yield [[1], [2]];
      })();
      await assert.rejects(db.bulkInsert("copied", [{ name: "n", type: "integer", nullable: true }], rows), {
        name: "ConnectionLostError",
      });
      await new Promise((r) => setTimeout(r, 100));
      assert.deepEqual(stray, [], "no 'error' event left without a listener");
    } finally {
      process.off("uncaughtException", onStray);
      await db.close().catch(() => undefined);
      await admin.close();
    }
  },
);
