import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { compile, type TopLevelSpec } from "vega-lite";
import { config as chartConfig, PALETTE } from "../charts/theme.js";
import type { SalesCube } from "../run/cube.js";
import type { ReportView } from "./model.js";
import { chartColorMap } from "./theme.js";
import { reportPolicy } from "./html.js";

/**
 * What makes report.html interactive, still one file with no network
 * request: the data (every chart compiled to Vega once, here; the run's sales
 * cube), and the scripts (Vega, vega-embed and the page's own
 * templates/report.js) inlined and allowed by their SHA-256 in the content
 * security policy. Vega runs with its expression interpreter (`ast: true`;
 * vega-embed's browser build bundles vega-interpreter), so the policy needs
 * no 'unsafe-eval'.
 *
 * The page computes no figure: the charts are the analyses' own specs and
 * the explorer only filters and sums the cube the run queried.
 */

/** The JSON the page reads from `<script type="application/json" id="report-data">`. */
interface InteractiveData {
  /** Vega specs by the chart's key (`ChartView.cid`). */
  charts: Record<string, object>;
  /** The explorer: the cube and its monthly chart (Vega, data set `months` filled by the page). */
  explorer: { cube: SalesCube; chart: object } | null;
  /** Light chart colour → dark (src/render/theme.ts), applied to the specs in dark mode. */
  dark: Record<string, string>;
}

export interface Interactive {
  /** The data, escaped for a `<script>` element. */
  json: string;
  /** Inline scripts, in order; each allowed by its hash. */
  scripts: { code: string }[];
  /** The content security policy of the interactive page. */
  csp: string;
}

const require = createRequire(import.meta.url);
const TEMPLATES = fileURLToPath(new URL("../../templates/", import.meta.url));

/** The minified browser bundles, read once (the packages' exports hide their paths: found beside the entry). */
let libraries: string[] | undefined;
function bundles(): string[] {
  libraries ??= [
    join(dirname(require.resolve("vega")), "vega.min.js"),
    join(dirname(require.resolve("vega-embed")), "vega-embed.min.js"),
  ].map((file) => {
    const code = readFileSync(file, "utf8");
    // The HTML parser would end the element early; none of today's bundles holds one.
    if (/<\/script|<!--/i.test(code)) throw new Error(`${file} holds "</script" or "<!--" and cannot be inlined`);
    return code;
  });
  return libraries;
}

/**
 * JSON safe inside a `<script>` element whatever the names hold: `<`, `>`
 * and `&` as \u escapes, so `</script>` or `<!--` in a customer's name stays
 * text; U+2028/9 too, for older parsers. JSON.parse reads it back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** `'sha256-…'`, the CSP source that allows exactly this inline script. */
export function scriptHash(code: string): string {
  return `'sha256-${createHash("sha256").update(code, "utf8").digest("base64")}'`;
}

/** As the static report's policy (html.ts), but scripts run: exactly these, by hash, and still nothing is fetched. */
export function interactiveCsp(scripts: readonly { code: string }[]): string {
  return reportPolicy(scripts.map((s) => scriptHash(s.code)).join(" "));
}

/**
 * A chart's Vega-Lite spec as the page draws it: compiled to Vega, as wide
 * as its figure where it is a single view (a concatenation keeps its size and
 * the page scales it), and with a tooltip on every mark that has none.
 */
export function liveSpec(spec: object): object {
  const vl = structuredClone(spec) as TopLevelSpec & { width?: unknown; config?: Record<string, unknown> };
  const single = !["hconcat", "vconcat", "concat", "facet", "repeat"].some((k) => k in vl);
  const designed = single && typeof vl.width === "number" ? vl.width : null;
  if (designed !== null) vl.width = "container";
  const mark = (vl.config?.mark ?? {}) as Record<string, unknown>;
  vl.config = { ...vl.config, mark: { tooltip: { content: "encoding" }, ...mark } };
  // The schema's URL is documentation only; the page carries no URL of its own.
  const vega: { $schema?: string } = compile(vl, { logger: quietLogger }).spec;
  delete vega.$schema;
  if (designed === null) return vega;
  // Never narrower than three quarters of its design: a phone scrolls a dense chart sideways rather than crush it.
  const floor = `max(containerSize()[0], ${Math.round(designed * MIN_WIDTH_SHARE)})`;
  return JSON.parse(JSON.stringify(vega).replaceAll("containerSize()[0]", floor)) as object;
}

/** The share of its designed width below which a live chart stops shrinking. */
const MIN_WIDTH_SHARE = 0.75;

/** Vega-Lite's warnings were seen when the SVG was drawn (src/charts/render.ts); compiling again repeats them. */
const quietLogger = {
  level() {
    return quietLogger;
  },
  error(...args: unknown[]) {
    throw new Error(`chart failed to compile: ${args.map(String).join(" ")}`);
  },
  warn: () => quietLogger,
  info: () => quietLogger,
  debug: () => quietLogger,
};

/** The explorer's monthly chart: bars of the selection's sales, one per month, data set `months` filled by the page. */
export function explorerChartSpec(): object {
  return liveSpec({
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Sales by month", subtitle: "The selection above, month by month" },
    description: "Bar chart of the selection's sales by month",
    width: 600,
    height: 220,
    autosize: { type: "fit", contains: "padding" },
    data: { name: "months" },
    mark: { type: "bar", color: PALETTE.primary, cornerRadiusEnd: 2 },
    encoding: {
      x: { field: "month", type: "ordinal", title: null, axis: { labelAngle: -45, labelOverlap: true } },
      y: { field: "sales", type: "quantitative", title: "Sales", axis: { format: "$,.0f", tickCount: 4 } },
      tooltip: [
        { field: "month", type: "ordinal", title: "Month" },
        { field: "sales", type: "quantitative", title: "Sales", format: "$,.2f" },
        { field: "orders", type: "quantitative", title: "Orders", format: "," },
      ],
    },
    config: chartConfig,
  });
}

/** The page's data and scripts for a report view and, when the run queried it, its sales cube. */
export function interactive(view: ReportView, cube: SalesCube | null): Interactive {
  const charts: Record<string, object> = {};
  for (const chart of [...(view.coverChart ? [view.coverChart] : []), ...view.sections.flatMap((s) => s.charts)])
    charts[chart.cid] ??= liveSpec(chart.spec);
  const data: InteractiveData = {
    charts,
    explorer: cube ? { cube, chart: explorerChartSpec() } : null,
    dark: chartColorMap(),
  };
  const scripts = [...bundles(), readFileSync(join(TEMPLATES, "report.js"), "utf8")].map((code) => ({ code }));
  return { json: scriptJson(data), scripts, csp: interactiveCsp(scripts) };
}
