import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { commentaryMarkdown, type Commentary } from "../analyse/commentary/commentary.js";
import { markdownSafe } from "../analyse/commentary/text.js";
import { commentaryView } from "./commentary.js";

const COMMENTARY: Commentary = {
  finding: "Sales are concentrated: 10 customers made 51.1% of sales.",
  evidence: ["Ernst Handel is the largest customer with $35,631.21."],
  recommendation: ["Enrol the Gold tier first."],
  caveats: ["There are no orders before 1996-07-04."],
};

describe("commentary", () => {
  test("is laid out by its parts: the finding as a lead, then evidence, recommendation and caveats", () => {
    const view = commentaryView(COMMENTARY);
    assert.equal(view.finding, "Sales are concentrated: 10 customers made 51.1% of sales.");
    assert.deepEqual(
      view.blocks.map((b) => [b.kind, b.label]),
      [
        ["evidence", "Evidence"],
        ["recommendation", "Recommendation"],
        ["caveats", "Caveats"],
      ],
    );
    assert.equal(view.blocks[1].html, "<ul>\n<li>Enrol the Gold tier first.</li>\n</ul>\n");
  });

  test("an empty part has no block", () => {
    const view = commentaryView({ ...COMMENTARY, evidence: [], recommendation: [] });
    assert.deepEqual(
      view.blocks.map((b) => b.kind),
      ["caveats"],
    );
  });

  test("is written as Markdown with bold labels for commentary.md", () => {
    assert.equal(
      commentaryMarkdown(COMMENTARY),
      "**Finding.** Sales are concentrated: 10 customers made 51.1% of sales.\n\n" +
        "**Evidence.**\n\n- Ernst Handel is the largest customer with $35,631.21.\n\n" +
        "**Recommendation.**\n\n- Enrol the Gold tier first.\n\n" +
        "**Caveats.**\n\n- There are no orders before 1996-07-04.\n",
    );
    assert.equal(commentaryMarkdown({ ...COMMENTARY, evidence: [], caveats: [] }).split("**").length, 5);
  });

  test("a name from the data escaped by markdownSafe stays text in the HTML", () => {
    const name = markdownSafe("<img src=x onerror=alert(1)> **Chai**");
    const view = commentaryView({ ...COMMENTARY, finding: `${name} leads.` });
    assert.doesNotMatch(view.finding, /<img|<strong>/);
    assert.match(view.finding, /&lt;img src=x onerror=alert\(1\)&gt; \*\*Chai\*\* leads\./);
  });
});
