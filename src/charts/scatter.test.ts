import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CALIBRATION, PREDICTIONS, PRODUCT_QUADRANT } from "./gallery.js";
import { renderSvg } from "./render.js";
import { calibrationChart, quadrantChart, scatterChart, separatedLabels } from "./scatter.js";
import { countRole, fills, texts } from "./svg-inspect.js";
import { PALETTE } from "./theme.js";

const thresholds = { salesThreshold: 10000, marginThreshold: 0.25 };

describe("quadrantChart", () => {
  it("plots every product, both threshold rules and the four quadrant names", async () => {
    const svg = await renderSvg(quadrantChart(PRODUCT_QUADRANT, { ...thresholds, estimated: false }));
    assert.equal(countRole(svg, "circle"), PRODUCT_QUADRANT.length);
    assert.equal(countRole(svg, "rule mark"), 2);
    const t = texts(svg);
    for (const q of ["Invest", "Maintain", "Review", "Review pricing"]) assert.ok(t.includes(q), q);
    assert.ok(t.includes("Lines at $10,000 sales and 25% margin"));
    assert.ok(t.includes("40%") && t.includes("\u221210%"), "margin axis in percent, negative margins included");
  });

  it("says 'margins estimated' in the subtitle when margins are estimated", async () => {
    const svg = await renderSvg(quadrantChart(PRODUCT_QUADRANT, { ...thresholds, estimated: true }));
    assert.ok(texts(svg).includes("Lines at $10,000 sales and 25% margin · margins estimated"));
  });

  it("names the five largest products beside their points", async () => {
    const svg = await renderSvg(quadrantChart(PRODUCT_QUADRANT, { ...thresholds, estimated: false }));
    const t = texts(svg);
    assert.ok(t.includes("Côte de Blaye") && t.includes("Tarte au sucre"));
    assert.ok(!t.includes("Chocolade"), "small products stay unnamed");
  });

  it("colours a quadrant by the corner its products sit in", async () => {
    const rows = [
      { name: "A", sales: 20000, margin: 0.4, quadrant: "Stars" },
      { name: "B", sales: 20000, margin: 0.1, quadrant: "Thin" },
    ];
    const svg = await renderSvg(quadrantChart(rows, { ...thresholds, estimated: false }));
    assert.deepEqual(fills(svg, "circle"), [PALETTE.primary, PALETTE.accent]);
  });
});

describe("scatterChart", () => {
  it("draws a point per row, the dashed identity line and the row names given", async () => {
    const svg = await renderSvg(scatterChart(PREDICTIONS, { xTitle: "Predicted spend", yTitle: "Actual spend" }));
    assert.equal(countRole(svg, "circle"), 60);
    assert.equal(countRole(svg, "line mark"), 1);
    assert.match(svg, /stroke-dasharray="5,4"/);
    const t = texts(svg);
    for (const label of ["Predicted spend", "Actual spend", "Ernst Handel", "$10K"])
      assert.ok(t.includes(label), label);
  });

  it("leaves the identity line out on request and formats percent axes", async () => {
    const svg = await renderSvg(
      scatterChart(
        [
          { x: 0.2, y: 0.3 },
          { x: 0.5, y: 0.4 },
        ],
        { identity: false, format: "percent" },
      ),
    );
    assert.equal(countRole(svg, "line mark"), 0);
    assert.ok(texts(svg).some((s) => /^\d+%$/.test(s)));
  });
});

describe("calibrationChart", () => {
  it("draws the bins as a line of points against the dashed diagonal on 0–100% axes", async () => {
    const svg = await renderSvg(calibrationChart(CALIBRATION));
    assert.equal(countRole(svg, "circle"), CALIBRATION.length);
    assert.equal(countRole(svg, "line mark"), 2);
    const t = texts(svg);
    assert.ok(t.includes("Predicted probability") && t.includes("Observed rate"));
    assert.equal(t.filter((s) => s === "100%").length, 2, "both axes end at 100%");
  });
});

describe("quadrant labels", () => {
  it("leaves out a name that would print over one already placed, and takes the next largest", () => {
    const rows = [
      { name: "Côte de Blaye", sales: 100, margin: 0.4, quadrant: "Invest" },
      { name: "Raclette Courdavault", sales: 40, margin: 0.25, quadrant: "Maintain" },
      { name: "Camembert Pierrot", sales: 39, margin: 0.25, quadrant: "Maintain" },
      { name: "Tofu", sales: 10, margin: 0.05, quadrant: "Review" },
    ];
    assert.deepEqual(separatedLabels(rows, 60, 3), ["Côte de Blaye", "Raclette Courdavault", "Tofu"]);
  });
});
