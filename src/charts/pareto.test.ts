import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CUSTOMER_PARETO, PRODUCT_PARETO } from "./gallery.js";
import { paretoChart } from "./pareto.js";
import { renderSvg } from "./render.js";
import { countRole, fills, texts } from "./svg-inspect.js";
import { PALETTE } from "./theme.js";

describe("paretoChart", () => {
  it("draws a bar per product, the cumulative line on a percent axis, and 50% / 80% rules", async () => {
    const svg = await renderSvg(paretoChart(PRODUCT_PARETO, { items: "products" }));
    assert.equal(countRole(svg, "bar"), 14);
    assert.equal(countRole(svg, "line mark"), 1);
    assert.equal(countRole(svg, "rule mark"), 2);
    const t = texts(svg);
    for (const label of ["50% of sales", "80% of sales", "100%", "Cumulative share", "$50K"])
      assert.ok(t.includes(label), label);
    assert.ok(t.includes("Côte de Blaye"), "up to 20 items are named");
  });

  it("says in the subtitle how many items make 80% of sales, and colours those navy", async () => {
    const svg = await renderSvg(paretoChart(PRODUCT_PARETO, { items: "products" }));
    assert.ok(texts(svg).includes("9 of 14 products (64%) make 80% of sales"));
    assert.deepEqual(fills(svg, "bar"), [...Array(9).fill(PALETTE.primary), ...Array(5).fill(PALETTE.context)]);
  });

  it("replaces 89 unreadable names with an axis title", async () => {
    const svg = await renderSvg(paretoChart(CUSTOMER_PARETO, { items: "customers" }));
    assert.equal(countRole(svg, "bar"), 89);
    const t = texts(svg);
    assert.ok(t.includes("89 customers, largest first"));
    assert.ok(!t.includes("Customer 1"));
  });

  it("sorts rows by sales whatever order they arrive in", async () => {
    const svg = await renderSvg(paretoChart([...PRODUCT_PARETO].reverse()));
    const t = texts(svg);
    assert.ok(t.indexOf("Côte de Blaye") < t.indexOf("Ipoh Coffee"));
  });
});
