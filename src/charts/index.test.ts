import assert from "node:assert/strict";
import { describe, it } from "node:test";
import * as charts from "./index.js";

describe("the chart layer's public surface", () => {
  it("exports every builder, both renderers and the Jupyter helper as functions", () => {
    const names = [
      "rankingChart",
      "paretoChart",
      "countryChart",
      "trendChart",
      "forecastChart",
      "quadrantChart",
      "employeeChart",
      "segmentChart",
      "scatterChart",
      "calibrationChart",
      "histogramChart",
      "renderSvg",
      "renderPng",
      "withSchema",
      "slug",
      "chartId",
    ] as const;
    for (const name of names) assert.equal(typeof charts[name], "function", name);
  });

  it("exports the palette as hex colours for HTML templates", () => {
    for (const [key, colour] of Object.entries(charts.PALETTE)) assert.match(colour, /^#[0-9A-F]{6}$/, key);
  });
});
