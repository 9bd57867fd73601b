import assert from "node:assert/strict";
import { test } from "node:test";
import { emailHtml, indexHtml, reportHtml } from "./html.js";
import { sampleEmailView, sampleView } from "./sample.js";

const view = await sampleView();

test("the report page is self-contained: no http(s) anywhere, styles and charts inline", () => {
  const html = reportHtml(view);
  assert.doesNotMatch(html, /https?:\/\//);
  assert.doesNotMatch(html, /<link|<script|@import|url\(/);
  assert.equal((html.match(/<svg/g) ?? []).length, 4);
  assert.match(html, /--primary: #1F3B5B;/, "the charts' palette");
});

test("the cover carries the KPI tiles and the sections their commentary and tables", () => {
  const html = reportHtml(view);
  assert.match(html, /<div class="kpi-value">\$386,424\.23<\/div>/);
  assert.match(html, /<div class="kpi-value">196<\/div>/);
  assert.match(html, /Ernst Handel leads with <strong>\$35,631\.21<\/strong>/);
  assert.match(html, /<td class="num nowrap">\$35,631\.21<\/td>/);
  assert.match(html, /Top 10 of 11 rows/);
});

test("text from the analyses is escaped, links are kept as text", () => {
  const html = reportHtml(view);
  assert.match(html, /&lt;b&gt;Côte de Blaye&lt;\/b&gt; &amp; co|<b>Côte de Blaye<\/b> &amp; co/);
  assert.doesNotMatch(html, /<a href="http/);
});

test("the table of contents shows page numbers once the PDF knows them", () => {
  const html = reportHtml({ ...view, toc: view.toc.map((e, i) => ({ ...e, page: i + 2 })) });
  assert.match(html, /href="#summary">Executive summary<\/a><span class="toc-page">2<\/span>/);
});

test("the e-mail shows charts as cid: images, never SVG, with the same figures", async () => {
  const mail = await sampleEmailView();
  const html = emailHtml(mail);
  assert.doesNotMatch(html, /<svg/);
  assert.doesNotMatch(html, /https?:\/\//);
  const cids = [...html.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(
    cids,
    mail.charts.map((c) => c.cid),
  );
  assert.match(html, /\$386,424\.23/);
});

test("the index links each pack with its tiles", () => {
  const html = indexHtml({
    title: "Sales performance report",
    range: "1996-07..1996-08",
    generated: "now",
    packs: [
      { label: "1996-07", range: "July 1996", href: "1996-07/report.html", pdf: "1996-07/report.pdf", kpis: view.kpis },
    ],
  });
  assert.match(html, /<a href="1996-07\/report.html">Report<\/a><a href="1996-07\/report.pdf">PDF<\/a>/);
  assert.match(html, /\$386,424\.23/);
});
