import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Database } from "../db/adapter.js";
import { connect } from "../db/connect.js";
import { createPostgresDatabase, postgresUnavailable, type ScratchDatabase } from "../db/testing.js";
import { LoadError } from "./problems.js";
import { TABLES } from "./schema.js";
import { allRows, copyExtract, DATA_DIR, editLine, EXTRACT_FIGURES, figures, fingerprint } from "./testing.js";
import { loadWarehouse, SUMMARIES, VIEWS } from "./warehouse.js";

/**
 * The same extract loaded into PostgreSQL and DuckDB: the figures hold on
 * both, and every table and view returns the same rows on both.
 */

const skip = await postgresUnavailable();

describe("loading the real extract into PostgreSQL", { skip }, () => {
  let scratch: ScratchDatabase;
  let pg: Database;
  let duck: Database;
  before(async () => {
    scratch = await createPostgresDatabase("load");
    pg = await connect(scratch.url);
    duck = await connect("duckdb::memory:");
    await loadWarehouse(pg, { dataDir: DATA_DIR });
    await loadWarehouse(duck, { dataDir: DATA_DIR });
  });
  after(async () => {
    await pg?.close();
    await duck?.close();
    await scratch?.drop();
  });

  test("reproduces every figure of the data README exactly", async () => {
    assert.deepEqual(await figures(pg), EXTRACT_FIGURES);
  });

  for (const name of [...VIEWS, ...SUMMARIES, ...TABLES.map((t) => t.name)])
    test(`${name} returns the same rows on DuckDB and PostgreSQL`, async () => {
      const rows = await allRows(pg, name);
      assert.ok(rows.length > 0 || name === "product_costs", `${name} is empty`);
      assert.deepEqual(await allRows(duck, name), rows);
    });

  test("a failed load leaves the PostgreSQL warehouse exactly as it was, and a reload changes nothing", async () => {
    const baseline = await fingerprint(pg);
    const copy = copyExtract();
    try {
      editLine(copy.dir, "OrderDetails.csv", 4, (line) => line.replace(/^(\d+\xa0),\d+/, "$1,99999"));
      await assert.rejects(loadWarehouse(pg, { dataDir: copy.dir }), (error: unknown) => {
        assert.ok(error instanceof LoadError);
        assert.match(
          error.message,
          /OrderDetails\.csv:4 column OrderID value "99999": refers to no row of Orders\.csv/,
        );
        return true;
      });
    } finally {
      copy.dispose();
    }
    assert.deepEqual(await fingerprint(pg), baseline);
    await loadWarehouse(pg, { dataDir: DATA_DIR });
    assert.deepEqual(await fingerprint(pg), baseline);
  });
});
