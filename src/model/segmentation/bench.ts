// Measures segmentation end to end on a large generated warehouse, then
// segmentCustomer calls per second with the model it trained:
//   npx tsx src/model/segmentation/bench.ts /tmp/gen1mc.duckdb
// (data: npm run generate -- --orders 3000000 --customers 1000000 --out DIR, then npm run warehouse).
import { QueryRunner } from "../../analyse/analysis.js";
import { resolvePeriod } from "../../analyse/period.js";
import { connect } from "../../db/connect.js";
import { analyseSegments, segmentCustomer, type SegmentationModel } from "./index.js";

const db = await connect(`duckdb:${process.argv[2]}`);
const period = await resolvePeriod(db, "all");
const started = performance.now();
const cpu = process.cpuUsage();
const result = await analyseSegments({ db, sql: new QueryRunner(db), period, filters: {}, dataDir: "data" });
const used = process.cpuUsage(cpu);
const customers = result.figures.reduce((n, s) => n + s.customers, 0);
console.log(
  `analyseSegments: ${customers.toLocaleString("en-US")} customers in ${((performance.now() - started) / 1000).toFixed(1)} s wall, ` +
    `${((used.user + used.system) / 1e6).toFixed(1)} s CPU, rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`,
);
await db.close();

const model = result.models!.segmentation as SegmentationModel;
const day = (n: number) => new Date(Date.parse(model.reference_date) - n * 86_400_000).toISOString().slice(0, 10);
const history = {
  orders: [
    { date: day(100), amount: 1200.5 },
    { date: day(40), amount: 830 },
    { date: day(5), amount: 2400 },
  ],
};
const features = {
  features: { orders: 3, sales: 4430.5, recency_days: 5, tenure_days: 100, avg_order_value: 1476.83 },
};
for (const [name, input] of [
  ["order history (3 orders)", history],
  ["features", features],
] as const) {
  for (let i = 0; i < 20_000; i++) segmentCustomer(input, model); // warm up
  const n = 300_000;
  const t = performance.now();
  for (let i = 0; i < n; i++) segmentCustomer(input, model);
  const s = (performance.now() - t) / 1000;
  console.log(`segmentCustomer from ${name}: ${Math.round(n / s).toLocaleString("en-US")} calls/s`);
}
