import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import type { TopLevelSpec } from "vega-lite";
import { countRole, texts } from "../charts/svg-inspect.js";
import { managementAnalyses, runAnalyses, type AnalysisRun } from "./index.js";
import { renderSvg } from "../charts/render.js";
import { extractWarehouse, type TestWarehouse } from "../analyse/fixtures.js";

describe("the analyses' charts, rendered to SVG on the extract", () => {
  let w: TestWarehouse;
  let run: AnalysisRun;
  const svg: Record<string, string> = {};
  before(async () => {
    w = await extractWarehouse();
    run = await runAnalyses({ only: managementAnalyses(), db: w.db });
    for (const chart of run.results.flatMap((r) => r.charts))
      svg[chart.id] = await renderSvg(chart.spec as TopLevelSpec);
  });
  after(() => w?.dispose());

  test("there are nine charts with unique, file-safe ids", () => {
    const ids = Object.keys(svg);
    assert.deepEqual(ids.sort(), [
      "customers-pareto",
      "customers-top",
      "employees-comparison",
      "locations-cities",
      "locations-countries",
      "overview-trend",
      "products-categories",
      "products-quadrant",
      "products-top",
    ]);
    assert.ok(ids.every((id) => /^[a-z0-9-]+$/.test(id)));
  });

  test("the customer ranking draws ten bars, the top one Ernst Handel labelled $35,631", () => {
    assert.equal(countRole(svg["customers-top"], "bar"), 10);
    const words = texts(svg["customers-top"]);
    assert.ok(words.includes("Ernst Handel"));
    assert.ok(words.includes("$35,631"));
    assert.ok(words.some((t) => /Gold tier highlighted/.test(t)));
    assert.ok(words.some((t) => t.startsWith("Top customers by sales")));
  });

  test("the country chart draws one bar per country with sales, USA first", () => {
    assert.equal(countRole(svg["locations-countries"], "bar"), 21);
    const words = texts(svg["locations-countries"]);
    assert.ok(words.indexOf("USA") < words.indexOf("Austria"));
    assert.ok(words.includes("$69,612"));
  });

  test("the Pareto curve covers all 74 customers who ordered", () => {
    assert.equal(countRole(svg["customers-pareto"], "bar"), 74);
    assert.ok(texts(svg["customers-pareto"]).some((t) => /of 74 customers/.test(t)));
  });

  test("the monthly trend has a point per month and marks the partial February 1997 instead of a collapse", () => {
    assert.equal(countRole(svg["overview-trend"], "point"), 8);
    const words = texts(svg["overview-trend"]);
    assert.ok(words.some((t) => /1997-02: the data covers only part of the month/.test(t)));
    assert.ok(words.includes("partial"));
  });

  test("the product quadrant plots every product and says its margins are estimated", () => {
    assert.equal(countRole(svg["products-quadrant"], "circle"), 77);
    const words = texts(svg["products-quadrant"]).join(" ");
    assert.match(words, /estimated/);
    assert.match(words, /Invest/);
    assert.match(words, /Côte de Blaye/);
  });

  test("the employee comparison names every employee with orders, Margaret Peacock first", () => {
    const words = texts(svg["employees-comparison"]);
    assert.equal(countRole(svg["employees-comparison"], "bar"), 9);
    assert.ok(words.includes("Margaret Peacock") && words.includes("$105,697"));
    assert.ok(words.includes("40 orders · 31 customers"));
    assert.ok(!words.includes("Adam West"));
  });
});
