/**
 * Scrape timings against the local replica (127.0.0.1 only): the extract in
 * browser and static mode, and a generated data set of --orders N (default
 * 10,000) in both. Each case runs --repeat times (default 3); the median is
 * printed. Chromium starts once, outside the timings (its start is printed).
 *
 *   node --import tsx src/scrape/bench.ts [--orders N] [--repeat R]
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { generateDataset } from "../generate/generate.js";
import { launchBrowser } from "./browser.js";
import { startReplica } from "./replica/server.js";
import { scrapeReplica, scratch } from "./testing.js";

const { values } = parseArgs({
  options: { orders: { type: "string", default: "10000" }, repeat: { type: "string", default: "3" } },
});
const orders = Number(values.orders);
const repeat = Number(values.repeat);
const work = scratch("scrape-bench-");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

let t = performance.now();
const browser = await launchBrowser();
console.log(`Chromium start: ${((performance.now() - t) / 1000).toFixed(2)} s`);
try {
  const generated = join(work.dir, "generated");
  t = performance.now();
  await generateDataset({ orders, outDir: generated, seed: 1 });
  for (const extra of ["ProductCosts.csv", "CustomerTypes.csv"]) rmSync(join(generated, extra), { force: true });
  console.log(`generated ${orders} orders: ${((performance.now() - t) / 1000).toFixed(2)} s`);
  for (const [label, dataDir, pageSize] of [
    ["extract", undefined, 100],
    [`${orders} orders`, generated, 1000],
  ] as const) {
    const replica = await startReplica({ dataDir, pageSize });
    try {
      for (const mode of ["browser", "static"] as const) {
        const times: number[] = [];
        let rows = 0;
        for (let i = 0; i < repeat; i++) {
          const out = join(work.dir, `${label}-${mode}-${i}`.replace(/\W+/g, "-"));
          t = performance.now();
          const { manifest } = await scrapeReplica({
            url: mode === "browser" ? replica.url : replica.staticUrl,
            out,
            mode,
            browser,
          });
          times.push((performance.now() - t) / 1000);
          rows = manifest.files.reduce((n, f) => n + f.rows, 0);
        }
        console.log(
          `${label}, ${mode}: ${median(times).toFixed(2)} s median of ${times.map((s) => s.toFixed(2)).join(", ")} (${rows} rows)`,
        );
      }
    } finally {
      await replica.close();
    }
  }
} finally {
  await browser.close();
  work.dispose();
}
