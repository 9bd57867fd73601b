// Measures BG/NBD + Gamma-Gamma: fitting and predicting a million customers.
//   npx tsx src/model/prediction/bench-btyd.ts [customers=1000000] [warehouse.duckdb]
// Without a warehouse the customers are drawn in memory from the BG/NBD and
// Gamma-Gamma processes themselves (whole days over two years, as the feature
// query gives them); with one, the features at its last order date are read.
import { QueryRunner } from "../../analyse/analysis.js";
import { connect } from "../../db/connect.js";
import { Random } from "../../generate/random.js";
import { gather } from "../gather.js";
import { compressRf, fitBgNbd, predictBgNbd, rfFromSnapshot } from "./bgnbd.js";
import { scoreBtyd, trainBtyd } from "./btyd.js";
import { loadSnapshot, type Snapshot } from "./dataset.js";
import { fitGammaGamma } from "./gamma-gamma.js";

const n = Number(process.argv[2] ?? 1_000_000);
const time = <T>(label: string, f: () => T): T => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = f();
  const cpu = process.cpuUsage(c);
  console.log(
    `${label}: ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s CPU`,
  );
  return r;
};

/**
 * A snapshot of `n` customers drawn from BG/NBD (r 0.4, α 40 days, a 0.8, b 3) and Gamma-Gamma (p 3, q 4, γ
 * 300), whole days.
 */
function simulated(count: number): Snapshot {
  const rng = new Random(2026);
  const column = () => new Float64Array(count);
  const s: Snapshot = {
    asOf: "1998-06-30",
    recentDays: 90,
    ids: column(),
    orders: column(),
    sales: column(),
    recency: column(),
    tenure: column(),
    orderValue: column(),
    recent: column(),
    prior: column(),
  };
  for (let i = 0; i < count; i++) {
    const lambda = rng.gamma(0.4, 40);
    const drop = rng.beta(0.8, 3);
    const nu = rng.gamma(4, 300);
    const T = rng.int(730);
    let last = 0;
    let orders = 1;
    let sales = rng.gamma(3, nu);
    for (let t = rng.exponential(lambda); t <= T; t += rng.exponential(lambda)) {
      orders++;
      sales += rng.gamma(3, nu);
      last = Math.floor(t);
      if (rng.chance(drop)) break;
    }
    s.ids[i] = i + 1;
    s.orders[i] = orders;
    s.sales[i] = sales;
    s.tenure[i] = T;
    s.recency[i] = T - last;
    s.orderValue[i] = sales / orders;
  }
  return s;
}

let s: Snapshot;
if (process.argv[3]) {
  const db = await connect(`duckdb:${process.argv[3]}`);
  const [{ last }] = await db.query<{ last: string }>("SELECT CAST(MAX(order_date) AS VARCHAR) AS last FROM orders");
  s = await loadSnapshot(new QueryRunner(db), last, 90);
  await db.close();
} else {
  s = time(`simulating ${n.toLocaleString("en-US")} customers`, () => simulated(n));
}
console.log(`customers: ${s.ids.length.toLocaleString("en-US")}`);
for (let k = 0; k < 2; k++) {
  const model = time("trainBtyd (BG/NBD + Gamma-Gamma, both fits)", () => trainBtyd(s));
  console.log(
    "  bgnbd",
    JSON.stringify(model.bgnbd),
    "gamma-gamma",
    JSON.stringify(model.gamma_gamma),
    JSON.stringify(model.fit),
  );
  for (const h of [90, 365]) {
    const scores = time(`scoreBtyd, ${h}-day horizon (expected orders, P(alive), P(buying), order value)`, () =>
      scoreBtyd(model, s, h),
    );
    console.log(
      `  expected sales in all: ${Math.round(scores.expected.reduce((a, b) => a + b, 0)).toLocaleString("en-US")}`,
    );
  }
}
// The parts on their own. BG/NBD takes the customers who have ordered (a warehouse's snapshot also holds those who
// have not); Gamma-Gamma leaves them out itself.
const all = rfFromSnapshot(s);
const buyers = Int32Array.from(all.has.keys()).filter((i) => all.has[i]);
const rf = { x: gather(all.x, buyers), tx: gather(all.tx, buyers), T: gather(all.T, buyers) };
time("  compressRf (merging identical customers)", () => compressRf(rf));
time("  fitBgNbd", () => fitBgNbd(rf));
time("  fitGammaGamma", () => fitGammaGamma(s.orders, s.orderValue));
time("  predictBgNbd, 90 days", () => predictBgNbd({ r: 0.4, alpha: 40, a: 0.8, b: 3 }, 90, rf));
console.log(`peak rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`);
