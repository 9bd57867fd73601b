import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { commentaryParts, commentaryView } from "./commentary.js";

const COMMENTARY = [
  "**Finding.** Sales are concentrated: 10 customers made 51.1% of sales.",
  "**Evidence.**\n\n- Ernst Handel is the largest customer with $35,631.21.",
  "**Recommendation.**\n\n- Enrol the Gold tier first.",
  "**Caveats.**\n\n- There are no orders before 1996-07-04.",
].join("\n\n");

describe("commentary", () => {
  test("splits into finding, evidence, recommendation and caveats", () => {
    const parts = commentaryParts(COMMENTARY);
    assert.deepEqual([...parts.keys()], ["finding", "evidence", "recommendation", "caveats"]);
    const view = commentaryView(COMMENTARY);
    assert.equal(view.finding, "Sales are concentrated: 10 customers made 51.1% of sales.");
    assert.deepEqual(
      view.blocks.map((b) => b.label),
      ["Evidence", "Recommendation", "Caveats"],
    );
  });

  test("without labels it is shown as written", () => {
    const view = commentaryView("Plain text with **bold**.\n\n- a list");
    assert.equal(view.finding, "");
    assert.equal(view.blocks.length, 1);
    assert.match(view.blocks[0].html, /<strong>bold<\/strong>/);
  });
});

describe("commentary labels", () => {
  test("only the shape's own labels open a part; another bold opening is prose", () => {
    const parts = commentaryParts(
      "**Seasonality cannot be judged yet:** the data spans 7.3 months.\n\n**Caveat:** small data.",
    );
    assert.deepEqual([...parts.keys()], ["", "caveats"]);
    assert.match(parts.get("") ?? "", /^\*\*Seasonality/);
  });
});
