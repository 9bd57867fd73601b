import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { markdownSafe, markdownText } from "../analyse/commentary/text.js";
import { TEMPLATE_DIR } from "../render/html.js";
import { inlineMarkdown, markdownToHtml } from "../render/markdown.js";
import { PAYLOADS } from "./hostile.js";

test("the Markdown renderer shows raw HTML as text instead of passing it through", () => {
  const html = markdownToHtml(
    "Top: <img src=x onerror=alert(1)>\n\n<script>alert(2)</script>\n\n<a href=http://x.example>x</a>",
  );
  assert.doesNotMatch(html, /<img|<script|<a /);
  assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  assert.match(html, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
  assert.doesNotMatch(inlineMarkdown("a <svg onload=alert(1)> b"), /<svg/);
});

test("every payload escaped by markdownText renders as exactly its own text", () => {
  for (const payload of PAYLOADS) {
    const html = inlineMarkdown(`Name: ${markdownText(payload)}.`);
    const shown = html
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");
    assert.equal(shown, `Name: ${payload}.`, payload);
    assert.doesNotMatch(html, /<(?!\/?(p|em|strong|code)>)/, payload);
  }
});

test("ordinary names, identifiers and numbers pass markdownText unchanged", () => {
  for (const name of [
    "Côte de Blaye",
    "Bon app'",
    "Split Rail Beer & Ale",
    "sales_per_active_month",
    "1996-07-04",
    "QUICK-Stop",
  ])
    assert.equal(markdownText(name), name);
});

test("markdownSafe escapes every string of the figures and keeps shared rows shared", () => {
  const row = { name: "<b>x</b> y", sales: 3 };
  const safe = markdownSafe({ top: row, ranking: [row], measure: "sales_per_active_month" });
  assert.equal(safe.top.name, "\\<b\\>x\\</b\\> y");
  assert.equal(safe.top, safe.ranking[0]);
  assert.equal(safe.measure, "sales_per_active_month");
  assert.equal(row.name, "<b>x</b> y", "the figures themselves are untouched");
});

test("templates triple-brace only HTML made by the escaping renderers (Markdown, charts, CSS), the page's escaped JSON and its scripts", () => {
  // interactive.json is scriptJson's (`<` as \u003c); code is an inlined library or templates/report.js, by hash.
  const allowed = new Set([
    "css",
    "html",
    "finding",
    "commentary.finding",
    "svg",
    "coverChart.svg",
    "interactive.json",
    "code",
    // The PDF pack and the e-mail: commentary lists made by the Markdown renderer (src/render/commentary.ts) ...
    "recommendation",
    "evidence",
    "caveats",
    "action",
    // ... charts drawn by Vega (names are text nodes there) and sparklines drawn from numbers only ...
    "chart",
    "lead.svg",
    "second.svg",
    "dashboard.trend",
    "spark",
    // ... and the constant placeholder of the report's link, which send time fills with an escaped address.
    "reportLink",
  ]);
  const files = [
    "report.hbs",
    "email.hbs",
    "index.hbs",
    ...readdirSync(join(TEMPLATE_DIR, "partials")).map((f) => join("partials", f)),
    ...readdirSync(join(TEMPLATE_DIR, "pdf"))
      .filter((f) => f.endsWith(".hbs"))
      .map((f) => join("pdf", f)),
  ];
  for (const file of files)
    for (const [, name] of readFileSync(join(TEMPLATE_DIR, file), "utf8").matchAll(/\{\{\{\s*([^}\s]+)\s*\}\}\}/g))
      assert.ok(allowed.has(name), `${file} triple-braces ${name}`);
});
