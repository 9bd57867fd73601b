import assert from "node:assert/strict";
import { test } from "node:test";
import { listHtml } from "./commentary.js";
import { htmlToText, wrap } from "./plain-text.js";
import { sparkline } from "./sparkline.js";

test("the commentary's HTML reads as plain text: lists as dashes, names as written, no markup left", () => {
  const html = listHtml([
    "Enrol **Ernst Handel** and Mère Paillarde",
    "Watch \\<b\\>Côte de Blaye\\</b\\> & co: `+12.5%`",
  ]);
  assert.equal(htmlToText(html), "- Enrol Ernst Handel and Mère Paillarde\n- Watch <b>Côte de Blaye</b> & co: +12.5%");
});

test("text wraps at 76 columns under its indent, a list item's lines hanging under its text", () => {
  const text = wrap(`- ${"word ".repeat(20).trim()}`, 40, "   ");
  assert.deepEqual(text.split("\n"), [
    "   - word word word word word word word",
    "     word word word word word word word",
    "     word word word word word word",
  ]);
});

test("a sparkline draws the partial last month hollow on a dashed segment, and nothing from fewer than two months", () => {
  const svg = sparkline([
    { value: 10, current: true, partial: false },
    { value: 12, current: true, partial: false },
    { value: 4, current: true, partial: true },
  ]);
  assert.match(svg, /stroke-dasharray="3 2"/);
  assert.match(svg, /<circle [^>]*fill="#FFFFFF"/);
  assert.equal(sparkline([{ value: 1, current: true, partial: false }]), "");
});
