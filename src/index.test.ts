import assert from "node:assert/strict";
import { test } from "node:test";
import * as api from "./index.js";

test("the package exports what engineers call: load, connect, period, the analyses, the models, charts and exploration", async () => {
  for (const name of [
    "connect",
    "loadWarehouse",
    "openWarehouse",
    "analysisContext",
    "resolvePeriod",
    "runAnalyses",
    "analyseCustomers",
    "analyseLocations",
    "analyseProducts",
    "analyseEmployees",
    "analyseSegments",
    "segmentCustomer",
    "analysePrediction",
    "predictCustomerSales",
    "analyseQuality",
    "analyseExploration",
    "renderSvg",
    "scrapeSite",
  ])
    assert.equal(typeof (api as Record<string, unknown>)[name], "function", name);
  assert.equal(typeof api.charts.rankingChart, "function");
});

test("through the package, the extract gives the known figures: $386,424.23 and Ernst Handel first", async () => {
  const db = await api.connect("duckdb::memory:");
  try {
    await api.loadWarehouse(db, { dataDir: "data" });
    const run = await api.runAnalyses({ db, only: ["customers"] });
    const customers = run.results.find((r) => r.key === "customers")!.figures as {
      total_sales: number;
      ranking: { name: string }[];
    };
    assert.equal(customers.total_sales, 386424.23);
    assert.equal(customers.ranking[0].name, "Ernst Handel");
  } finally {
    await db.close();
  }
});
