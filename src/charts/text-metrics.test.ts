import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { measureText, vegaTextWidth } from "./text-metrics.js";

describe("measureText", () => {
  it("measures with Arial advance widths: digits are 0.556 em, 'i' 0.222 em", () => {
    assert.equal(measureText("0", 10), 5.56);
    assert.equal(measureText("i", 10), 2.22);
    assert.equal(measureText("$69,612", 11), ((556 * 6 + 278) * 11) / 1000);
  });

  it("measures bold text wider than regular", () => {
    assert.ok(measureText("Sales by country", 16, 600) > measureText("Sales by country", 16));
    assert.equal(measureText("Sales", 16, "bold"), measureText("Sales", 16, 700));
  });

  it("measures accented Latin-1 letters like their base letters", () => {
    assert.equal(measureText("é", 10), measureText("e", 10));
    assert.equal(measureText("Ö", 10), measureText("O", 10));
  });

  it("is about a third narrower than Vega's 0.8 em guess for a typical name", () => {
    const name = "Rattlesnake Canyon Grocery";
    const guess = 0.8 * name.length * 11;
    assert.ok(measureText(name, 11) < guess * 0.7);
  });
});

describe("vegaTextWidth", () => {
  it("caps the width at the item's label limit, as the truncated label will be", () => {
    const long = "Antonio Moreno Taquería y Distribuidora Internacional de Alimentos";
    assert.equal(vegaTextWidth({ fontSize: 11, limit: 160 }, long), 160);
    assert.equal(vegaTextWidth({ fontSize: 11, limit: 160 }, "Chai"), measureText("Chai", 11));
  });

  it("uses Vega's default 11 px size and treats a missing text as empty", () => {
    assert.equal(vegaTextWidth({}, "0"), 6.116);
    assert.equal(vegaTextWidth({}, undefined), 0);
  });
});
