import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { parameterNames, rewriteParameters, type Column, type Database, type SqlValue } from "./adapter.js";
import { connect, UnknownDatabaseError } from "./connect.js";
import { createTable, dropTable, dropView } from "./ddl.js";
import { createPostgresDatabase, postgresUnavailable, sqlServerUnavailable, type ScratchDatabase } from "./testing.js";

/**
 * One suite, every backend: what the rest of the product relies on a
 * `Database` to do, checked the same way on DuckDB, PostgreSQL and (when
 * MSSQL_URL names one) SQL Server.
 */

interface Backend {
  name: string;
  skip?: string;
  open(): Promise<{ db: Database; close(): Promise<void> }>;
}

const pgSkip = await postgresUnavailable();
const mssqlSkip = sqlServerUnavailable();
if (pgSkip) console.log(`skipping PostgreSQL: ${pgSkip}`);
if (mssqlSkip) console.log(`skipping SQL Server: ${mssqlSkip}`);

const backends: Backend[] = [
  {
    name: "DuckDB",
    async open() {
      const db = await connect("duckdb::memory:");
      return { db, close: () => db.close() };
    },
  },
  {
    name: "PostgreSQL",
    skip: pgSkip,
    async open() {
      const scratch: ScratchDatabase = await createPostgresDatabase("adapter");
      const db = await connect(scratch.url);
      return {
        db,
        async close() {
          await db.close();
          await scratch.drop();
        },
      };
    },
  },
  {
    name: "SQL Server",
    skip: mssqlSkip,
    async open() {
      const db = await connect(process.env.MSSQL_URL!);
      return { db, close: () => db.close() };
    },
  },
];

// Unique names, so a shared SQL Server database is left as it was found.
const T = `adapter_${process.pid}`;

const COLUMNS: Column[] = [
  { name: "id", type: "integer", nullable: false },
  { name: "price", type: "money" },
  { name: "rate", type: "decimal" },
  { name: "label", type: "text" },
  { name: "day", type: "date" },
];

async function* batches(...rows: SqlValue[][][]): AsyncGenerator<SqlValue[][]> {
  yield* rows;
}

for (const backend of backends) {
  describe(`the ${backend.name} adapter`, { skip: backend.skip }, () => {
    let db: Database;
    let close: () => Promise<void>;
    before(async () => {
      ({ db, close } = await backend.open());
      await db.exec(dropView(`${T}_v`));
      await db.exec(dropTable(T));
      await db.exec(createTable(db.dialect, T, COLUMNS));
    });
    after(async () => {
      await db.exec(dropView(`${T}_v`)).catch(() => undefined);
      await db.exec(dropTable(T)).catch(() => undefined);
      await close();
    });

    test("bulkInsert stores every type and query returns it normalised", async () => {
      const count = await db.bulkInsert(
        T,
        COLUMNS,
        batches(
          [
            [1, 18, 0.125, 'quote " comma , line\nbreak', "1996-07-04"],
            [2, 12.5, null, "Constitución, Köln, 東京", "2000-02-29"],
          ],
          [[3, null, 1.5, null, null]],
          [],
        ),
      );
      assert.equal(count, 3);
      const rows = await db.query(`SELECT id, price, rate, label, day FROM ${T} ORDER BY id`);
      assert.deepEqual(rows, [
        { id: 1, price: 18, rate: 0.125, label: 'quote " comma , line\nbreak', day: "1996-07-04" },
        { id: 2, price: 12.5, rate: null, label: "Constitución, Köln, 東京", day: "2000-02-29" },
        { id: 3, price: null, rate: 1.5, label: null, day: null },
      ]);
    });

    test("query binds named parameters, repeated, and leaves $ in string literals alone", async () => {
      const rows = await db.query(
        `SELECT id, '$price' AS literal FROM ${T} WHERE id >= CAST($low AS INTEGER) AND id <= CAST($low AS INTEGER) + CAST($span AS INTEGER) ORDER BY id`,
        { low: 2, span: 1 },
      );
      assert.deepEqual(rows, [
        { id: 2, literal: "$price" },
        { id: 3, literal: "$price" },
      ]);
      await assert.rejects(db.query(`SELECT id FROM ${T} WHERE id = CAST($missing AS INTEGER)`, {}), /missing/i);
    });

    test("money sums are exact to the cent", async () => {
      await db.exec(`DELETE FROM ${T} WHERE id >= 100`);
      const rows: SqlValue[][] = [];
      for (let i = 0; i < 10_000; i++) rows.push([100 + i, i % 2 ? 0.1 : 19.99, null, null, null]);
      await db.bulkInsert(T, COLUMNS, batches(rows.slice(0, 3333), rows.slice(3333)));
      const [row] = await db.query<{ total: number }>(`SELECT SUM(price) AS total FROM ${T} WHERE id >= 100`);
      assert.equal(row.total, 100450); // 5,000 x 19.99 + 5,000 x 0.10
      await db.exec(`DELETE FROM ${T} WHERE id >= 100`);
    });

    test("a transaction that throws rolls everything back", async () => {
      const before = await db.query(`SELECT COUNT(*) AS n FROM ${T}`);
      await assert.rejects(
        db.transaction(async (tx) => {
          await tx.exec(`INSERT INTO ${T} (id, label) VALUES (50, 'gone')`);
          await tx.exec(`DELETE FROM ${T} WHERE id = 1`);
          throw new Error("stop");
        }),
        /stop/,
      );
      assert.deepEqual(await db.query(`SELECT COUNT(*) AS n FROM ${T}`), before);
      assert.deepEqual(await db.query(`SELECT id FROM ${T} WHERE id IN (1, 50)`), [{ id: 1 }]);
    });

    test("a transaction that resolves is committed and returns its value", async () => {
      const value = await db.transaction(async (tx) => {
        await tx.exec(`INSERT INTO ${T} (id, label) VALUES (60, 'kept')`);
        return "done";
      });
      assert.equal(value, "done");
      assert.deepEqual(await db.query(`SELECT label FROM ${T} WHERE id = 60`), [{ label: "kept" }]);
    });

    test("exists knows tables and views, in any case", async () => {
      await db.exec(`CREATE VIEW ${T}_v AS SELECT id FROM ${T}`);
      assert.equal(await db.exists(T), true);
      assert.equal(await db.exists(`${T}_V`.toUpperCase()), true);
      assert.equal(await db.exists(`${T}_nothing`), false);
    });

    test("the label never shows a password", () => {
      assert.doesNotMatch(db.label, /:[^/@:]+@/);
    });
  });
}

test("parameters are found in order of first use, outside string literals", () => {
  const sql = "SELECT $a, '$b', $c, $a FROM t WHERE x = 'it''s $d'";
  assert.deepEqual(parameterNames(sql), ["a", "c"]);
  assert.equal(
    rewriteParameters(sql, (name) => `@${name}`),
    "SELECT @a, '$b', @c, @a FROM t WHERE x = 'it''s $d'",
  );
});

test("parameters in comments are not parameters, and an apostrophe in a comment hides none after it", () => {
  const sql = "-- the category's lines, $not_this\nSELECT $a /* it's $b */ FROM t -- $c\nWHERE x = $d";
  assert.deepEqual(parameterNames(sql), ["a", "d"]);
  assert.equal(
    rewriteParameters(sql, (name) => `@${name}`),
    "-- the category's lines, $not_this\nSELECT @a /* it's $b */ FROM t -- $c\nWHERE x = @d",
  );
});

test("an unknown database scheme is refused with the schemes that work", async () => {
  await assert.rejects(connect("mysql://localhost/sales"), (error: unknown) => {
    assert.ok(error instanceof UnknownDatabaseError);
    assert.match(error.message, /Unknown database URL "mysql:\/\/localhost\/sales": expected duckdb:PATH/);
    assert.match(error.message, /postgres:\/\//);
    assert.match(error.message, /mssql:\/\//);
    return true;
  });
});
