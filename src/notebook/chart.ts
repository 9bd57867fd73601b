import type { TopLevelSpec } from "vega-lite";
import type { Chart } from "../analyse/analysis.js";
import { VEGA_LITE_MIME, withSchema } from "../charts/schema.js";
import { renderSvg } from "./api.js";
import { display } from "./display.js";
import type { SectionChart } from "./section.js";

/**
 * Charts in a notebook: one output holding the Vega-Lite spec (JupyterLab
 * draws it, interactive) and the same chart as SVG (GitHub, nbconvert, VS
 * Code without Vega), so every viewer shows the chart the report shows.
 */

/** Draws a chart to SVG once; the report inlines it as is (no namespaces, no URLs). */
export async function drawChart(chart: Chart | SectionChart): Promise<SectionChart> {
  // A chart from a stored run comes drawn already (src/run/results.ts).
  const svg = "svg" in chart ? chart.svg : await renderSvg(chart.spec as TopLevelSpec);
  return { id: chart.id, title: chart.title, spec: chart.spec, svg };
}

/** A lone SVG file needs its namespace to be drawn as an image. */
const standalone = (svg: string) =>
  /^<svg[^>]*\sxmlns=/.test(svg)
    ? svg
    : svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"');

/** The display bundle of a chart: Vega-Lite 5 with `$schema`, SVG fallback, its title as text. */
export function chartBundle(chart: SectionChart): Record<string, unknown> {
  return {
    [VEGA_LITE_MIME]: withSchema(chart.spec as TopLevelSpec),
    "image/svg+xml": standalone(chart.svg),
    "text/plain": `[chart] ${chart.title}`,
  };
}

export async function showChart(chart: Chart | SectionChart): Promise<void> {
  display(chartBundle(await drawChart(chart)));
}
