/**
 * Headless rendering: Vega-Lite spec → SVG (for HTML/PDF reports) → PNG (for
 * e-mail). Pure Node: no canvas, no browser, no network.
 */
import { d3NumberLocale } from "../number-style.js";
import { existsSync } from "node:fs";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { vegaTextWidth } from "./text-metrics.js";

// Vega measures text with a canvas when one is installed and guesses 0.8 em
// a character otherwise. `textMetrics` is exported by vega-scenegraph but
// missing from vega's typings, hence the cast; replacing `width` is the hook
// Vega documents for this (vl-convert does the same).
const metrics = (vega as unknown as { textMetrics: { width: (item: object, text: unknown) => number } }).textMetrics;
metrics.width = vegaTextWidth;

/** Known, intended: step-sized bar charts make Vega-Lite drop "fit-y". */
const EXPECTED_WARNING = /^Dropping "fit-y"/;

/**
 * A logger in the shape both Vega-Lite and Vega accept: warnings go to
 * `onWarning`; errors, and the warning Vega gives for a refused URL before
 * carrying on with an empty chart, are kept so rendering can fail on them.
 */
function collectingLogger(onWarning: (message: string) => void) {
  const errors: string[] = [];
  const logger = {
    level(_?: number) {
      return _ === undefined ? vega.Warn : logger;
    },
    error(...args: unknown[]) {
      errors.push(args.map(String).join(" "));
      return logger;
    },
    warn(...args: unknown[]) {
      const message = args.map(String).join(" ");
      if (message.startsWith("Loading failed")) errors.push(message);
      else if (!EXPECTED_WARNING.test(message)) onWarning(message);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return { logger, errors };
}

/** Specs carry their data inline; anything that asks for a URL is a bug. */
function refuse(what: string): Promise<never> {
  return Promise.reject(new Error(`charts render offline: refused to load ${JSON.stringify(what)}`));
}

const offlineLoader: vega.Loader = {
  load: (uri) => refuse(uri),
  sanitize: (uri) => refuse(uri),
  http: (uri) => refuse(uri),
  file: (filename) => refuse(filename),
};

export interface SvgOptions {
  /**
   * Keep the `xmlns` attributes, for a stand-alone `.svg` file. Off by
   * default: inline SVG in HTML needs none, and reports must not contain URLs.
   */
  standalone?: boolean;
  /** Where Vega-Lite and Vega warnings go. Default: `console.warn`. */
  onWarning?: (message: string) => void;
}

const NAMESPACES = / xmlns(:xlink)?="http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)"/g;

/** A stand-alone SVG as inline SVG: without the namespace URLs. */
export function inlineSvg(standalone: string): string {
  return standalone.replace(NAMESPACES, "");
}

/**
 * The pack's number style (SALES_CURRENCY, SALES_LOCALE) as the View's locale
 * option. vega-view reads `{ number, time }` specs there (and builds the
 * formatters itself), while vega-typings declare the formatters: hence the cast.
 */
function chartLocale(): vega.LocaleFormatters {
  return { number: d3NumberLocale() } as unknown as vega.LocaleFormatters;
}

/** Compiles and renders a Vega-Lite spec to an SVG string; rejects if Vega reports an error. */
export async function renderSvg(spec: TopLevelSpec, opts: SvgOptions = {}): Promise<string> {
  const { logger, errors } = collectingLogger(opts.onWarning ?? ((m) => console.warn("charts:", m)));
  // Vega parses inline data in place (strings become Dates); clone so the
  // caller's spec can still be rendered again or shown in a notebook.
  const vgSpec = compile(structuredClone(spec), { logger }).spec;
  const view = new vega.View(vega.parse(vgSpec), {
    renderer: "none",
    loader: offlineLoader,
    logger,
    logLevel: vega.Warn,
    // Labels in the pack's currency and locale (SALES_CURRENCY, SALES_LOCALE), as the tables and the text.
    locale: chartLocale(),
  });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`chart failed to render: ${errors.join("; ")}`);
    return opts.standalone ? svg : inlineSvg(svg);
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixel density: 2 gives sharp images on high-DPI screens. Default 2. */
  scale?: number;
}

/** Fonts with Arial's metrics, which `text-metrics.ts` lays text out with. */
const METRIC_FONTS: { family: string; file: string }[] = [
  { family: "Liberation Sans", file: "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf" },
  { family: "Liberation Sans", file: "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf" },
  { family: "Arimo", file: "/usr/share/fonts/truetype/croscore/Arimo-Regular.ttf" },
  { family: "Arial", file: "/usr/share/fonts/truetype/msttcorefonts/Arial.ttf" },
  { family: "DejaVu Sans", file: "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf" },
];

let sansFamily: string | undefined;
/**
 * The family resvg draws `sans-serif` with. resvg matches names literally
 * (no fontconfig aliases), so "Helvetica"/"Arial" in the stack find nothing
 * on Linux and fall through to this generic family.
 */
export function pngSansFamily(): string {
  sansFamily ??= METRIC_FONTS.find((f) => existsSync(f.file))?.family ?? "sans-serif";
  return sansFamily;
}

/** Renders a spec, or an SVG string from `renderSvg`, to a PNG image. */
export async function renderPng(input: TopLevelSpec | string, opts: PngOptions = {}): Promise<Buffer> {
  const svg = typeof input === "string" ? input : await renderSvg(input);
  // resvg parses XML strictly: elements outside the SVG namespace are dropped.
  const xml = /^<svg[^>]*\sxmlns=/.test(svg)
    ? svg
    : svg.replace(/^<svg/, '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"');
  const resvg = new Resvg(xml, {
    fitTo: { mode: "zoom", value: opts.scale ?? 2 },
    font: { loadSystemFonts: true, sansSerifFamily: pngSansFamily(), defaultFontFamily: pngSansFamily() },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: "error",
  });
  return resvg.render().asPng();
}

/** `"Sales by country — 1997"` → `"sales-by-country-1997"`, for file names and element ids. */
export function slug(text: string): string {
  return (
    text
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "") || "chart"
  );
}

/** A stable file/element name for a spec: the slug of its title. */
export function chartId(spec: TopLevelSpec): string {
  const title = spec.title;
  const text = typeof title === "string" ? title : Array.isArray(title) ? title.join(" ") : title?.text;
  return slug(Array.isArray(text) ? text.join(" ") : typeof text === "string" ? text : "chart");
}
