import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { TopLevelSpec } from "vega-lite";
import { countryChart, employeeChart, rankingChart, segmentChart } from "./bars.js";
import { NO_DATA_TEXT } from "./frame.js";
import { gallery } from "./gallery.js";
import { histogramChart } from "./histogram.js";
import { paretoChart } from "./pareto.js";
import { renderSvg } from "./render.js";
import { calibrationChart, quadrantChart, scatterChart } from "./scatter.js";
import { svgSize, texts } from "./svg-inspect.js";
import { forecastChart, trendChart } from "./time.js";

const quadrantOpts = { salesThreshold: 10000, marginThreshold: 0.25, estimated: true };

/** Every builder, called with no rows and with one row. */
const builders: { name: string; empty: () => TopLevelSpec; single: () => TopLevelSpec }[] = [
  { name: "rankingChart", empty: () => rankingChart([]), single: () => rankingChart([{ name: "Chai", value: 18 }]) },
  {
    name: "countryChart",
    empty: () => countryChart([]),
    single: () => countryChart([{ country: "USA", sales: 69611.75, growth: -0.05 }]),
  },
  {
    name: "employeeChart",
    empty: () => employeeChart([]),
    single: () => employeeChart([{ name: "Nancy Davolio", sales: 100, orders: 1, customers: 1 }]),
  },
  {
    name: "segmentChart",
    empty: () => segmentChart([]),
    single: () => segmentChart([{ segment: "All", customers: 10, sales_share: 1 }]),
  },
  {
    name: "paretoChart",
    empty: () => paretoChart([]),
    single: () => paretoChart([{ name: "Chai", sales: 100, cumulative_share: 1 }]),
  },
  { name: "trendChart", empty: () => trendChart([]), single: () => trendChart([{ month: "1998-01", sales: 1234 }]) },
  {
    name: "forecastChart",
    empty: () => forecastChart([]),
    single: () => forecastChart([{ month: "1998-06", forecast: 900, lower: 800, upper: 1000 }]),
  },
  {
    name: "quadrantChart",
    empty: () => quadrantChart([], quadrantOpts),
    single: () => quadrantChart([{ name: "Chai", sales: 5000, margin: -0.1, quadrant: "Review" }], quadrantOpts),
  },
  {
    name: "scatterChart",
    empty: () => scatterChart([]),
    single: () => scatterChart([{ x: 10, y: 12, label: "Chai" }]),
  },
  {
    name: "calibrationChart",
    empty: () => calibrationChart([]),
    single: () => calibrationChart([{ predicted: 0.4, observed: 0.5, count: 10 }]),
  },
  { name: "histogramChart", empty: () => histogramChart([]), single: () => histogramChart([42]) },
];

describe("every builder given no rows", () => {
  for (const b of builders) {
    it(`${b.name} renders its title and "${NO_DATA_TEXT}"`, async () => {
      const spec = b.empty();
      const svg = await renderSvg(spec);
      const t = texts(svg);
      assert.ok(t.includes(NO_DATA_TEXT), `texts: ${t.join(" | ")}`);
      const title = typeof spec.title === "object" && !Array.isArray(spec.title) ? spec.title.text : undefined;
      assert.ok(typeof title === "string" && t.includes(title), `title ${String(title)}`);
      assert.equal(svgSize(svg).width, 600);
    });
  }
});

describe("every builder given one row", () => {
  for (const b of builders) {
    it(`${b.name} renders without warnings`, async () => {
      const warnings: string[] = [];
      const svg = await renderSvg(b.single(), { onWarning: (m) => warnings.push(m) });
      assert.deepEqual(warnings, []);
      assert.ok(!texts(svg).includes(NO_DATA_TEXT));
    });
  }
});

describe("the gallery of sample charts", () => {
  for (const { id, spec } of gallery()) {
    it(`${id}: inline data, no $schema and no URL in spec or SVG, no SVG ids, no warnings`, async () => {
      const json = JSON.stringify(spec);
      assert.doesNotMatch(json, /https?:\/\//);
      assert.ok(!("$schema" in spec));
      assert.doesNotMatch(json, /"url"\s*:/);
      const warnings: string[] = [];
      const svg = await renderSvg(spec, { onWarning: (m) => warnings.push(m) });
      assert.deepEqual(warnings, []);
      assert.doesNotMatch(svg, /https?:\/\//);
      // Ids would clash when several charts are inlined in one report.
      assert.doesNotMatch(svg, /\sid="/);
    });
  }
});

it("a thousand employees draw the 25 with the most sales, and the subtitle says of how many", () => {
  const rows = Array.from({ length: 1069 }, (_, i) => ({
    name: `Employee ${i}`,
    sales: i * 10,
    orders: 1,
    customers: 1,
  }));
  const spec = employeeChart(rows) as { data: { values: { name: string }[] }; title: { subtitle: string } };
  assert.equal(spec.data.values.length, 25);
  assert.equal(spec.data.values[0].name, "Employee 1068");
  assert.equal(
    spec.title.subtitle,
    "The 25 with the most sales of 1,069 employees, with orders taken and customers served",
  );
});
