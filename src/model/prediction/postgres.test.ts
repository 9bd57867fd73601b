import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { QueryRunner } from "../../analyse/analysis.js";
import { resolvePeriod } from "../../analyse/period.js";
import type { Database } from "../../db/adapter.js";
import { connect } from "../../db/connect.js";
import { createPostgresDatabase, postgresUnavailable, type ScratchDatabase } from "../../db/testing.js";
import { loadWarehouse } from "../../load/warehouse.js";
import { analysePrediction } from "./index.js";

const skip = await postgresUnavailable();

describe("the prediction on PostgreSQL gives DuckDB's figures", { skip }, () => {
  let scratch: ScratchDatabase;
  let pg: Database;
  let duck: Database;
  before(async () => {
    scratch = await createPostgresDatabase("prediction");
    pg = await connect(scratch.url);
    duck = await connect("duckdb::memory:");
    await loadWarehouse(pg, { dataDir: "data" });
    await loadWarehouse(duck, { dataDir: "data" });
  });
  after(async () => {
    await pg?.close();
    await duck?.close();
    await scratch?.drop();
  });

  test("backtest, customers and forecast are the same on both databases", async () => {
    const run = async (db: Database) =>
      (
        await analysePrediction(
          {
            db,
            sql: new QueryRunner(db),
            period: await resolvePeriod(db, "1997"),
            filters: { country: "Germany" },
            dataDir: "data",
          },
          { horizonDays: 60 },
        )
      ).figures;
    const [a, b] = [await run(pg), await run(duck)];
    assert.equal(a.cutoff, "1997-02-06");
    assert.equal(a.customers_total, 11);
    assert.deepEqual(JSON.parse(JSON.stringify(a, round)), JSON.parse(JSON.stringify(b, round)));
  });
});

/** Sums of DECIMALs are exact on both; floating-point work after them may differ in the last bits. */
function round(_key: string, value: unknown): unknown {
  return typeof value === "number" ? Number(value.toPrecision(10)) : value;
}
