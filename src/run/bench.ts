// Times every analysis (npm run analyse's work, without writing files) on each
// warehouse given, twice each:
//   npm run generate -- --orders 385000 --out /tmp/gen1m          (about 1M order lines)
//   npm run warehouse -- --data /tmp/gen1m --db duckdb:/tmp/gen1m.duckdb
//   npm run warehouse -- --data /tmp/gen1m --db postgres://postgres@127.0.0.1:5432/sales_bench
//   npx tsx src/run/bench.ts duckdb:/tmp/gen1m.duckdb postgres://postgres@127.0.0.1:5432/sales_bench
// Only ever against 127.0.0.1. The closing line gives PostgreSQL's time as a multiple of DuckDB's.
import { connect } from "../db/connect.js";
import { runAnalyses } from "./index.js";

const urls = process.argv.slice(2);
if (urls.length === 0) throw new Error("usage: npx tsx src/run/bench.ts URL [URL…]");
const best = new Map<string, number>();
for (const url of urls) {
  const db = await connect(url, { memory: true });
  try {
    for (let round = 1; round <= 2; round++) {
      const started = performance.now();
      const run = await runAnalyses({ db, period: "all", dataDir: process.env.SALES_DATA ?? "data" });
      const seconds = (performance.now() - started) / 1000;
      best.set(db.dialect, Math.min(best.get(db.dialect) ?? Infinity, seconds));
      const orders = run.headline.orders.toLocaleString("en-US");
      console.log(
        `${db.label} round ${round}: ${run.results.length} analyses in ${seconds.toFixed(1)} s (${orders} orders, ${run.queries.length} queries)`,
      );
    }
  } finally {
    await db.close();
  }
}
const duck = best.get("duckdb");
const postgres = best.get("postgres");
if (duck && postgres) console.log(`PostgreSQL / DuckDB: ${(postgres / duck).toFixed(1)}x (best of two rounds each)`);
