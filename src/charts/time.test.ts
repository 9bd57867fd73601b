import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CATEGORY_TREND, FORECAST, MONTHLY_SALES } from "./gallery.js";
import { renderSvg } from "./render.js";
import { countRole, texts } from "./svg-inspect.js";
import { forecastChart, monthSpan, monthStep, trendChart } from "./time.js";

describe("trendChart", () => {
  it("draws one line with a point per month and compact dollar ticks", async () => {
    const svg = await renderSvg(trendChart(MONTHLY_SALES, { subtitle: "July 1996 – February 1997" }));
    assert.equal(countRole(svg, "line mark"), 1);
    assert.equal(countRole(svg, "point"), 8);
    const t = texts(svg);
    assert.ok(t.includes("Monthly sales"));
    assert.ok(t.includes("July 1996 – February 1997"));
    assert.ok(t.includes("$80K"));
    assert.ok(t.includes("Jul 1996") && t.includes("Jan 1997"), "month ticks in UTC, whatever the time zone");
  });

  it("draws one coloured line per series with a legend naming them", async () => {
    const svg = await renderSvg(trendChart(CATEGORY_TREND, { title: "Monthly sales by category" }));
    assert.equal(countRole(svg, "line mark"), 3);
    assert.equal(countRole(svg, "point"), 21);
    const t = texts(svg);
    for (const series of ["Beverages", "Dairy Products", "Confections"]) assert.ok(t.includes(series), series);
  });

  it("shows a single month as one point with its month labelled", async () => {
    const svg = await renderSvg(trendChart([{ month: "1998-01", sales: 1234 }]));
    assert.equal(countRole(svg, "point"), 1);
    assert.ok(texts(svg).includes("Jan 1998"));
  });
});

describe("forecastChart", () => {
  it("draws actual and dashed forecast lines, the range band and a rule where the forecast starts", async () => {
    const svg = await renderSvg(forecastChart(FORECAST));
    assert.equal(countRole(svg, "line mark"), 2);
    assert.equal(countRole(svg, "area mark"), 1);
    assert.equal(countRole(svg, "rule mark"), 1);
    assert.equal(countRole(svg, "point"), 7 + 6);
    assert.match(svg, /stroke-dasharray="6,4"/);
    const t = texts(svg);
    assert.ok(t.includes("Actual") && t.includes("Forecast"), "legend");
    assert.ok(t.includes("Forecast \u2192"));
    assert.ok(t.includes("Shaded band: forecast range"));
  });

  it("starts the dashed line at the last actual month so the two lines join", () => {
    const spec = forecastChart([
      { month: "1998-03", actual: 100 },
      { month: "1998-04", actual: 120 },
      { month: "1998-05", forecast: 130 },
    ]);
    assert.ok("data" in spec && spec.data && "values" in spec.data);
    const values = spec.data.values as { month: string; forecast_line: number | null }[];
    assert.deepEqual(
      values.map((v) => [v.month, v.forecast_line]),
      [
        ["1998-03", null],
        ["1998-04", 120],
        ["1998-05", 130],
      ],
    );
  });

  it("draws only the actual line, and no legend entry for a forecast, when there is no forecast", async () => {
    const svg = await renderSvg(
      forecastChart([
        { month: "1998-01", actual: 1234 },
        { month: "1998-02", actual: 1500 },
      ]),
    );
    assert.equal(countRole(svg, "line mark"), 1);
    assert.equal(countRole(svg, "area mark"), 0);
    assert.ok(!texts(svg).includes("Forecast"));
  });
});

describe("month axis helpers", () => {
  it("counts months inclusively across years", () => {
    assert.equal(monthSpan(["1996-07", "1998-05"]), 23);
    assert.equal(monthSpan(["1998-01"]), 1);
    assert.equal(monthSpan([]), 0);
  });

  it("labels every month for a year and every six months for two years at 600 px", () => {
    assert.equal(monthStep(6), 1);
    assert.equal(monthStep(12), 2);
    assert.equal(monthStep(23), 6);
    assert.equal(monthStep(23, 1200), 2);
  });
});

it("draws a partial month hollow on a dashed line, labelled, not as a collapse", () => {
  const spec = trendChart([
    { month: "1997-01", sales: 61258.07 },
    { month: "1997-02", sales: 38483.63, partial: true },
  ]) as { layer: { mark: { type: string; filled?: boolean; strokeDash?: number[] }; encoding?: { text?: unknown } }[] };
  const marks = spec.layer.map((l) => l.mark);
  assert.ok(
    marks.some((m) => m.type === "line" && m.strokeDash),
    "a dashed line",
  );
  assert.ok(
    marks.some((m) => m.type === "point" && m.filled === false),
    "a hollow point",
  );
  assert.deepEqual(spec.layer.find((l) => l.mark.type === "text")?.encoding?.text, { value: "partial" });
});
