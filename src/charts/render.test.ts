import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { rankingChart } from "./bars.js";
import { COUNTRY_SALES, CUSTOMER_SALES } from "./gallery.js";
import { chartId, pngSansFamily, renderPng, renderSvg, slug } from "./render.js";
import { PNG_SIGNATURE, pngSize, svgSize } from "./svg-inspect.js";
import { countryChart } from "./bars.js";

const spec = rankingChart(CUSTOMER_SALES, { title: "Top customers", width: 600 });

describe("renderSvg", () => {
  it("returns inline SVG with no URL in it, not even the xmlns", async () => {
    const svg = await renderSvg(spec);
    assert.match(svg, /^<svg /);
    assert.doesNotMatch(svg, /https?:\/\//);
  });

  it("keeps the namespaces for a stand-alone .svg file on request", async () => {
    const svg = await renderSvg(spec, { standalone: true });
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
  });

  it("leaves the caller's spec untouched, so it can be rendered again", async () => {
    const country = countryChart(COUNTRY_SALES);
    const before = JSON.stringify(country);
    const first = await renderSvg(country);
    assert.equal(JSON.stringify(country), before);
    assert.equal(await renderSvg(country), first);
  });

  it("refuses to load data from a URL", async () => {
    const remote: TopLevelSpec = { data: { url: "https://example.com/sales.json" }, mark: "bar" };
    await assert.rejects(
      renderSvg(remote, { onWarning: () => {} }),
      /refused to load "https:\/\/example\.com\/sales\.json"/,
    );
  });

  it("passes Vega warnings to onWarning instead of the console", async () => {
    const warnings: string[] = [];
    const empty: TopLevelSpec = {
      data: { values: [] },
      mark: "point",
      encoding: { x: { field: "a", type: "quantitative" } },
    };
    await renderSvg(empty, { onWarning: (m) => warnings.push(m) });
    assert.deepEqual(warnings, ['Infinite extent for field "a": [Infinity, -Infinity]']);
  });
});

describe("renderPng", () => {
  it("draws a PNG twice the chart's width by default, for sharp e-mail images", async () => {
    const png = await renderPng(spec);
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.equal(pngSize(png).width, 1200);
  });

  it("accepts SVG from renderSvg and a scale", async () => {
    const svg = await renderSvg(spec);
    const png = await renderPng(svg, { scale: 1 });
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    assert.equal(pngSize(png).width, svgSize(svg).width);
    assert.equal(pngSize(png).height, Math.ceil(svgSize(svg).height));
  });

  it("draws sans-serif text with an installed font", () => {
    assert.notEqual(pngSansFamily(), "");
  });
});

describe("slug and chartId", () => {
  it("turn titles into file names", () => {
    assert.equal(slug("Sales by country — 1997"), "sales-by-country-1997");
    assert.equal(slug("Ventes à l'export"), "ventes-a-l-export");
    assert.equal(slug("!!!"), "chart");
    assert.equal(chartId(spec), "top-customers");
  });
});
