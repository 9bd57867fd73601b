// Measures feature queries, training, batch scoring and the API on a large
// generated warehouse:
//   npx tsx src/model/prediction/bench.ts /tmp/pred1m.duckdb [full]
// (data: npm run generate -- --orders 3000000 --customers 1000000 --out DIR, then npm run warehouse).
import { QueryRunner } from "../../analyse/analysis.js";
import { resolvePeriod } from "../../analyse/period.js";
import { connect } from "../../db/connect.js";
import { addDays } from "../../dates.js";
import { loadSnapshot } from "./dataset.js";
import { scoreSnapshot, trainModel } from "./model.js";
import { predictCustomerSales, type OrderHistory } from "./predict.js";
import { analysePrediction } from "./index.js";

const db = await connect(`duckdb:${process.argv[2]}`);
const sql = new QueryRunner(db);
const [{ last }] = await db.query<{ last: string }>("SELECT MAX(order_date) AS last FROM orders");
const h = 90;
const time = async <T>(label: string, f: () => Promise<T> | T): Promise<T> => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await f();
  const cpu = process.cpuUsage(c);
  console.log(
    `${label}: ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU (this process; DuckDB threads included)`,
  );
  return r;
};
const at = await time(`features at ${addDays(last, -h)}`, () => loadSnapshot(sql, addDays(last, -h), h));
const now = await time(`features at ${last}`, () => loadSnapshot(sql, last, h));
console.log(`customers: ${now.ids.length}, heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
const model = await time("training (scaling, logistic on a 50k sample, spend)", () =>
  trainModel(at, now, { asOf: last }),
);
console.log("solver", model.solver);
for (let k = 0; k < 3; k++) {
  const t = performance.now();
  const scores = await time("scoreSnapshot", () => scoreSnapshot(model, now));
  const s = (performance.now() - t) / 1000;
  console.log(
    `batch scoring ${now.ids.length} customers: ${s.toFixed(3)} s = ${Math.round(now.ids.length / s).toLocaleString("en-US")} customers/s (total ${Math.round(scores.expected.reduce((a, b) => a + b, 0))})`,
  );
}
// The API path: 100k order histories (3 orders each) validated and scored.
const histories: OrderHistory[] = Array.from({ length: 100_000 }, (_, i) => ({
  customer_id: i,
  as_of: last,
  orders: [
    { date: addDays(last, -(i % 300)), sales: 100 + (i % 50) },
    { date: addDays(last, -(i % 300) - 40), sales: 500 },
    { date: addDays(last, -400), sales: 250 },
  ],
}));
for (let k = 0; k < 2; k++) {
  const t = performance.now();
  await time("predictCustomerSales", () => predictCustomerSales(histories, h, model));
  const s = (performance.now() - t) / 1000;
  console.log(
    `predictCustomerSales on 100,000 histories: ${s.toFixed(3)} s = ${Math.round(100_000 / s).toLocaleString("en-US")} customers/s`,
  );
}
if (process.argv[3] === "full") {
  const period = await resolvePeriod(db, "all");
  const r = await time("analysePrediction end to end (4 queries, backtest, live model, forecast)", () =>
    analysePrediction({ db, sql: new QueryRunner(db), period, filters: {}, dataDir: "/tmp" }),
  );
  const b = r.figures.backtest!;
  console.log(
    "backtest mae model/last/avg",
    b.model.mae.toFixed(2),
    b.baselines.last_window.mae.toFixed(2),
    b.baselines.average_window.mae.toFixed(2),
    "total_error",
    b.model.total_error?.toFixed(4),
    "auc",
    b.model.auc?.toFixed(3),
    b.trust,
  );
  console.log(`peak rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
}
await db.close();
