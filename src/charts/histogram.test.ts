import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ORDER_VALUES } from "./gallery.js";
import { histogramChart, median } from "./histogram.js";
import { renderSvg } from "./render.js";
import { countRole, texts } from "./svg-inspect.js";

describe("histogramChart", () => {
  it("bins order values into bars and marks the median", async () => {
    const svg = await renderSvg(histogramChart(ORDER_VALUES, { title: "Order values" }));
    const bars = countRole(svg, "bar");
    assert.ok(bars >= 10 && bars <= 30, `${bars} bins`);
    assert.equal(countRole(svg, "rule mark"), 1);
    const m = median(ORDER_VALUES);
    const t = texts(svg);
    assert.ok(t.includes(`Median $${Math.round(m).toLocaleString("en-US")}`));
    assert.ok(t.includes(`${ORDER_VALUES.length} values · median $${Math.round(m).toLocaleString("en-US")}`));
    assert.ok(t.includes("Order value"));
  });

  it("counts every value exactly once across the bins", () => {
    const spec = histogramChart([1, 2, 2, 3, Number.NaN]);
    assert.ok("layer" in spec);
    const first = spec.layer[0];
    assert.ok("data" in first && first.data && "values" in first.data);
    assert.equal((first.data.values as unknown[]).length, 4, "NaN dropped");
  });

  it("draws a single repeated value as one bar", async () => {
    const svg = await renderSvg(histogramChart([500, 500]));
    assert.equal(countRole(svg, "bar"), 1);
    assert.ok(texts(svg).includes("2 values · median $500"));
  });

  it("reads plain numbers without dollar signs when asked", async () => {
    const svg = await renderSvg(histogramChart([1, 2, 3, 10], { format: "number", xTitle: "Days between orders" }));
    const t = texts(svg);
    assert.ok(t.includes("Median 2.5"));
    assert.ok(!t.some((s) => s.includes("$")));
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 2, 3]), 2.5);
  });
});
