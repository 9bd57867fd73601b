import { connect, DEFAULT_DB_URL, resolveDbUrl, UnknownDatabaseError } from "../db/connect.js";
import { loadWarehouse } from "../load/warehouse.js";
import { integer, main, progressReporter, UsageError } from "./run.js";

const usage = `
Usage: npm run warehouse -- [--data DIR] [--db URL]

Loads the seven CSV extracts (Customers, Employees, Shippers, Suppliers,
Products, Orders, OrderDetails, plus the optional categories.csv and
ProductCosts.csv) into the warehouse and (re)creates the semantic layer
(sales_lines, dim_customers, dim_products, dim_employees, dim_dates).

Every file is checked before anything is written; on any problem the command
lists them (file, line, column, value, rule), exits 1 and leaves the previous
warehouse exactly as it was.

Options:
  --data DIR   folder holding the extracts (default: data)
  --db URL     duckdb:PATH (default ${DEFAULT_DB_URL}), postgres://user@host:5432/db
               or mssql://user:password@host:1433/db; SALES_DB sets it too
  -h, --help   show this help

Exit codes: 0 loaded, 1 the extracts have problems or the database failed, 2 usage error.
`;

await main({
  name: "warehouse",
  usage,
  options: { data: { type: "string", default: "data" }, db: { type: "string" } },
  async run({ data, db: dbFlag }) {
    const url = resolveDbUrl(dbFlag);
    const db = await connect(url).catch((error: unknown) => {
      throw error instanceof UnknownDatabaseError ? new UsageError(error.message) : error;
    });
    const progress = progressReporter();
    try {
      const summary = await loadWarehouse(db, {
        dataDir: data!,
        onWarning: (message) => process.stderr.write(`warning: ${message}\n`),
        onProgress: (p) =>
          progress.report(`${p.file}: ${integer.format(p.rows)} rows, ${integer.format(p.totalRows / Math.max(p.seconds, 1e-3))} rows/s`),
      });
      progress.done();
      const total = Object.values(summary.rows).reduce((a, b) => a + b, 0);
      const tables = Object.entries(summary.rows).map(([t, n]) => `${t} ${integer.format(n)}`).join(", ");
      process.stdout.write(`loaded ${integer.format(total)} rows into ${db.label} in ${summary.seconds.toFixed(1)} s (${tables})\n`);
    } finally {
      await db.close();
    }
  },
});
