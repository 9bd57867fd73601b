import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LABEL_GAP, labelledDomain, plotWidth } from "./layout.js";
import { measureText } from "./text-metrics.js";

describe("labelledDomain", () => {
  it("stretches the domain so the largest bar's label ends inside the plot", () => {
    const [lo, hi] = labelledDomain([{ value: 100, label: "$100" }], 400);
    assert.equal(lo, 0);
    const barEnd = (100 / hi) * 400;
    const labelEnd = barEnd + LABEL_GAP + measureText("$100", 11);
    assert.ok(labelEnd <= 400 && labelEnd > 390, `label ends at ${labelEnd}`);
  });

  it("makes room on the left for the labels of negative bars", () => {
    const [lo, hi] = labelledDomain(
      [
        { value: 100, label: "$100" },
        { value: -50, label: "\u2212$50" },
      ],
      400,
    );
    assert.ok(lo < -50 && hi > 100);
    const zero = (-lo / (hi - lo)) * 400;
    const negEnd = zero - (50 / (hi - lo)) * 400;
    assert.ok(negEnd - LABEL_GAP - measureText("\u2212$50", 11) >= 0);
  });

  it("gives all-zero bars a unit domain instead of an empty one", () => {
    assert.deepEqual(
      labelledDomain([{ value: 0, label: "$0" }], 400).map((v) => v > 0),
      [false, true],
    );
  });
});

describe("plotWidth", () => {
  it("subtracts padding and the widest name, capped at the label limit", () => {
    assert.equal(plotWidth(["USA", "UK"], 600), 600 - 24 - measureText("USA", 11) - 8);
    assert.equal(plotWidth(["x".repeat(200)], 600), 600 - 24 - 160 - 8);
  });
});
