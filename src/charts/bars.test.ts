import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { countryChart, employeeChart, growthClass, rankingChart, segmentChart } from "./bars.js";
import { COUNTRY_SALES, CUSTOMER_SALES, EMPLOYEE_SALES, SEGMENTS } from "./gallery.js";
import { renderSvg } from "./render.js";
import { countRole, fills, svgSize, texts } from "./svg-inspect.js";
import { PALETTE } from "./theme.js";

describe("rankingChart", () => {
  it("draws the top ten of eleven customers as bars labelled in whole dollars, largest first", async () => {
    const svg = await renderSvg(rankingChart(CUSTOMER_SALES, { title: "Top 10 customers by sales" }));
    assert.equal(countRole(svg, "bar"), 10);
    const t = texts(svg);
    assert.ok(t.includes("Top 10 customers by sales"));
    assert.ok(t.includes("$35,631"));
    assert.ok(t.includes("$14,619"));
    assert.ok(!t.includes("Frankenversand"), "the eleventh customer is cut");
    assert.ok(t.indexOf("Ernst Handel") < t.indexOf("QUICK-Stop"), "labels follow the ranking");
  });

  it("ends a 66-character customer name in an ellipsis instead of widening the axis", async () => {
    const longName = "Antonio Moreno Taquería y Distribuidora Internacional de Alimentos";
    const svg = await renderSvg(rankingChart([...CUSTOMER_SALES, { name: longName, value: 20000 }]));
    const long = texts(svg).find((s) => s.startsWith("Antonio Moreno"));
    assert.ok(long !== undefined);
    assert.ok(long.endsWith("\u2026"), `got ${long}`);
    assert.ok(long.length < 40);
  });

  it("colours the top k bars amber and the others navy when asked to highlight", async () => {
    const svg = await renderSvg(rankingChart(CUSTOMER_SALES, { highlight: 3 }));
    assert.deepEqual(fills(svg, "bar"), [...Array(3).fill(PALETTE.accent), ...Array(7).fill(PALETTE.primary)]);
  });

  it("draws losses as red bars to the left of a zero line, labelled with a minus sign", async () => {
    const svg = await renderSvg(
      rankingChart([
        { name: "Chai", value: 1200 },
        { name: "Konbu", value: -450.4 },
      ]),
    );
    assert.deepEqual(fills(svg, "bar"), [PALETTE.primary, PALETTE.negative]);
    assert.ok(texts(svg).includes("\u2212$450"));
    assert.equal(countRole(svg, "rule mark container"), 1);
  });

  it("keeps the requested outer width, so e-mail layouts can rely on it", async () => {
    const svg = await renderSvg(rankingChart(CUSTOMER_SALES, { width: 480 }));
    assert.equal(svgSize(svg).width, 480);
  });

  it("can rank counts instead of money", async () => {
    const svg = await renderSvg(rankingChart([{ name: "Chai", value: 1234 }], { format: "integer" }));
    assert.ok(texts(svg).includes("1,234"));
  });
});

describe("countryChart", () => {
  it("labels each country with its sales and signed growth, including negative growth", async () => {
    const svg = await renderSvg(countryChart(COUNTRY_SALES));
    assert.equal(countRole(svg, "bar"), COUNTRY_SALES.length);
    const t = texts(svg);
    for (const country of ["USA", "Germany", "Austria", "Brazil", "France"]) assert.ok(t.includes(country), country);
    assert.ok(t.includes("$69,612 · +18%"));
    assert.ok(t.includes("$51,672 · \u221212%"));
    assert.ok(t.includes("$15,391"), "a country without growth shows sales only");
  });

  it("colours bars by growth class and keeps countries without a prior period, in grey", async () => {
    const svg = await renderSvg(countryChart(COUNTRY_SALES));
    const byCountry = fills(svg, "bar");
    assert.equal(byCountry[0], PALETTE.positive, "USA +18%");
    assert.equal(byCountry[1], PALETTE.negative, "Austria −12%");
    assert.equal(byCountry[8], PALETTE.context, "Ireland, no growth");
    for (const entry of ["Up 10%+", "Up 0–10%", "Down 0–10%", "Down 10%+", "No prior period"]) {
      assert.ok(texts(svg).includes(entry), `legend entry ${entry}`);
    }
  });

  it("uses plain navy bars and no legend when no growth is known", async () => {
    const svg = await renderSvg(countryChart([{ country: "USA", sales: 69611.75 }]));
    assert.deepEqual(fills(svg, "bar"), [PALETTE.primary]);
    assert.ok(texts(svg).includes("$69,612"));
    assert.equal(countRole(svg, "legend"), 0);
  });

  it("lists only the growth classes present in the legend", async () => {
    const svg = await renderSvg(countryChart([{ country: "USA", sales: 10, growth: -0.3 }]));
    const t = texts(svg);
    assert.ok(t.includes("Down 10%+"));
    assert.ok(!t.includes("Up 10%+"));
    assert.equal(countRole(svg, "legend"), 1);
  });
});

describe("growthClass", () => {
  it("puts growth into four classes split at ±10% and zero", () => {
    assert.equal(growthClass(0.1).label, "Up 10%+");
    assert.equal(growthClass(0).label, "Up 0–10%");
    assert.equal(growthClass(-0.05).label, "Down 0–10%");
    assert.equal(growthClass(-0.1).label, "Down 10%+");
    assert.equal(growthClass(null).label, "No prior period");
    assert.equal(growthClass(Number.NaN).label, "No prior period");
  });
});

describe("employeeChart", () => {
  it("ranks employees by sales and shows orders and customers beside each bar", async () => {
    const svg = await renderSvg(employeeChart(EMPLOYEE_SALES));
    assert.equal(countRole(svg, "bar"), EMPLOYEE_SALES.length);
    const t = texts(svg);
    assert.ok(t.includes("$105,697"));
    assert.ok(t.includes("40 orders · 31 customers"));
    assert.ok(t.includes("6 orders · 6 customers"));
    assert.ok(t.indexOf("Margaret Peacock") < t.indexOf("Nancy Davolio"));
  });

  it("says '1 order · 1 customer' for a single sale", async () => {
    const svg = await renderSvg(employeeChart([{ name: "Nancy Davolio", sales: 10, orders: 1, customers: 1 }]));
    assert.ok(texts(svg).includes("1 order · 1 customer"));
  });
});

describe("segmentChart", () => {
  it("pairs each segment's share of customers with its share of sales", async () => {
    const svg = await renderSvg(segmentChart(SEGMENTS));
    assert.equal(countRole(svg, "bar"), SEGMENTS.length * 2);
    const t = texts(svg);
    assert.ok(t.includes("Champions: 16% of customers, 46% of sales"), "subtitle");
    assert.ok(t.includes("46%"));
    assert.ok(t.includes("Share of customers") && t.includes("Share of sales"), "legend");
  });
});
