import assert from "node:assert/strict";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { connect } from "./connect.js";
import { openReadOnly } from "./read-only.js";

const dir = mkdtempSync(join(tmpdir(), "read-only-"));
const file = join(dir, "warehouse.duckdb");
before(async () => {
  const db = await connect(`duckdb:${file}`);
  await db.exec("CREATE TABLE numbers AS SELECT range AS n FROM range(10)");
  await db.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

const spillsTo = async (db: Awaited<ReturnType<typeof openReadOnly>>) =>
  (await db.query<{ t: string }>("SELECT current_setting('temp_directory') AS t"))[0].t;

test("each reader spills to a folder of its own under the temporary folder, gone once it closes", async () => {
  const a = await openReadOnly(file);
  const b = await openReadOnly(file);
  const folders = [await spillsTo(a), await spillsTo(b)];
  assert.notEqual(folders[0], folders[1]);
  for (const folder of folders) assert.ok(folder.startsWith(join(tmpdir(), "sales-insight-spill-")), folder);
  assert.equal((await a.query<{ s: number }>("SELECT SUM(n) AS s FROM numbers"))[0].s, 45);
  await a.close();
  await b.close();
  for (const folder of folders) assert.equal(existsSync(folder), false);
});

test(
  "two readers that spill at once both finish: they do not share DuckDB's ./.tmp",
  { timeout: 120_000 },
  async () => {
    const readers = [await openReadOnly(file), await openReadOnly(file)];
    try {
      const sorted = readers.map(async (db) => {
        await db.exec("SET memory_limit = '40MB'; SET threads = 1; SET preserve_insertion_order = true");
        await db.exec("CREATE TEMP TABLE shuffled AS SELECT random() AS r, range AS i FROM range(4000000)");
        return (await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM (SELECT i FROM shuffled ORDER BY r) t"))[0].n;
      });
      assert.deepEqual(await Promise.all(sorted), [4_000_000, 4_000_000]);
      assert.equal(existsSync(".tmp"), false, "nothing spilled into the working folder");
    } finally {
      for (const db of readers) await db.close();
    }
  },
);
