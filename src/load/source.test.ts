import assert from "node:assert/strict";
import { realpathSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { connect } from "../db/connect.js";
import { copyExtract, editLine } from "./testing.js";
import { changedFiles, currentSource, readSource } from "./source.js";
import { loadWarehouse } from "./warehouse.js";

test("a load records its data folder and each file's size and time in the warehouse", async () => {
  const extract = copyExtract();
  const db = await connect("duckdb::memory:");
  try {
    await loadWarehouse(db, { dataDir: extract.dir });
    const recorded = await readSource(db);
    assert.ok(recorded);
    assert.equal(recorded.dataDir, realpathSync(extract.dir));
    assert.deepEqual(recorded.files, currentSource(extract.dir).files);
    assert.ok(recorded.files.some((f) => f.name === "Orders.csv" && f.bytes > 0));
    assert.match(recorded.loadedAt ?? "", /^\d{4}-\d{2}-\d{2}T/);
    assert.deepEqual(changedFiles(recorded, currentSource(extract.dir)), []);

    utimesSync(join(extract.dir, "Orders.csv"), new Date(), new Date(2001, 0, 1));
    assert.deepEqual(changedFiles(recorded, currentSource(extract.dir)), ["Orders.csv"]);
  } finally {
    await db.close();
    extract.dispose();
  }
});

test("a refused load leaves the previous record, as it leaves the previous tables", async () => {
  const good = copyExtract();
  const bad = copyExtract();
  const db = await connect("duckdb::memory:");
  try {
    await loadWarehouse(db, { dataDir: good.dir });
    const before = await readSource(db);
    editLine(bad.dir, "Orders.csv", 3, (line) => line.replace(/,[^,]*$/, ",x"));
    await assert.rejects(loadWarehouse(db, { dataDir: bad.dir }), /Orders\.csv/);
    assert.deepEqual(await readSource(db), before);
  } finally {
    await db.close();
    good.dispose();
    bad.dispose();
  }
});
