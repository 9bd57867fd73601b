import { relative } from "node:path";
import { plural } from "../analyse/format.js";
import { compareRendered, renderAll, RENDERED_DIR, writeRendered } from "../db/rendered.js";
import { warehouseTables } from "../load/warehouse.js";
import { defineCommand, isMain, main } from "./run.js";

export const command = defineCommand({
  name: "sql",
  description: `
Renders every SQL template under sql/ (warehouse views, analyses, models) for
DuckDB, PostgreSQL and SQL Server into sql/rendered/<dialect>/<same path>.sql,
plus the warehouse tables' DDL (sql/rendered/<dialect>/warehouse/tables.sql),
and removes rendered files whose template is gone. These are the files to
paste into SQL Server Management Studio or point Power BI at.`,
  epilogue: "Exit codes: 0 done (or up to date), 1 out of date with --check or a failure, 2 usage error.",
  options: {
    check: { type: "boolean", default: false, description: "write nothing; exit 1 when sql/rendered/ is out of date" },
  },
  async run({ check }) {
    const files = renderAll(warehouseTables());
    const where = relative(process.cwd(), RENDERED_DIR) || RENDERED_DIR;
    if (check) {
      const { missing, changed, extra } = compareRendered(files);
      const stale = [...missing, ...changed, ...extra];
      if (stale.length) throw new Error(`${where} is out of date (${stale.join(", ")}): run \`npm run sql\``);
      process.stdout.write(`${where} is up to date (${plural(files.length, "file")})\n`);
      return;
    }
    const { missing, changed, extra } = writeRendered(files);
    process.stdout.write(
      `rendered ${plural(files.length, "file")} into ${where}: ${missing.length} new, ${changed.length} changed, ${extra.length} removed\n`,
    );
  },
});

if (isMain(import.meta.url)) await main(command);
