/**
 * What every chart spec shares: title block, outer size, theme, and the
 * "No data for this period" placeholder that builders return for empty input.
 */
import type { Config, TopLevelSpec } from "vega-lite";
import { DEFAULT_HEIGHT, DEFAULT_WIDTH, PALETTE, config } from "./theme.js";

/** Options every builder accepts. Sizes are the outer size of the whole chart in pixels. */
export interface ChartOptions {
  title?: string;
  /** One line, or several lines. */
  subtitle?: string | string[];
  width?: number;
  height?: number;
}

/** The top-level properties that `frame` fills in. */
export interface Frame {
  title: { text: string; subtitle?: string | string[] };
  description: string;
  width: number;
  height?: number;
  autosize: { type: "fit" | "fit-x"; contains: "padding" };
  config: Config;
}

export const NO_DATA_TEXT = "No data for this period";

/**
 * The top-level properties of a spec. `fit` makes the outer size exactly
 * `width` × `height`, so e-mail and PDF layouts can rely on it; charts whose
 * height follows their row count pass `fitY: false`.
 */
export function frame(
  opts: ChartOptions,
  defaults: { title: string; subtitle?: string | string[]; height?: number; fitY?: boolean },
): Frame {
  const subtitle = opts.subtitle ?? defaults.subtitle;
  const text = opts.title ?? defaults.title;
  const title: Frame["title"] = subtitle === undefined || subtitle.length === 0 ? { text } : { text, subtitle };
  const fitY = defaults.fitY ?? true;
  return {
    title,
    description: text,
    width: opts.width ?? DEFAULT_WIDTH,
    ...(fitY ? { height: opts.height ?? defaults.height ?? DEFAULT_HEIGHT } : {}),
    autosize: { type: fitY ? "fit" : "fit-x", contains: "padding" },
    config,
  };
}

/** A chart with the usual title and a centred note instead of marks. */
export function noDataChart(opts: ChartOptions, title: string): TopLevelSpec {
  return {
    ...frame(opts, { title, height: opts.height ?? 200 }),
    data: { values: [{ x: 0, y: 0 }] },
    mark: { type: "text", text: NO_DATA_TEXT, fontSize: 13, color: PALETTE.muted },
    encoding: {
      x: { field: "x", type: "quantitative", scale: { domain: [-1, 1] }, axis: null },
      y: { field: "y", type: "quantitative", scale: { domain: [-1, 1] }, axis: null },
    },
  };
}

// Vega-Lite exports only its top-level types; the parts that builders
// assemble separately are derived from them, so literals stay checked.
type LayerOf<T> = T extends { layer: (infer L)[] } ? L : never;
/** One layer (or nested layer group) of a layered spec. */
export type Layer = LayerOf<TopLevelSpec>;
type UnitLayer = Extract<Layer, { mark: unknown }>;
type Encoding = NonNullable<UnitLayer["encoding"]>;
export type PositionDef = NonNullable<Encoding["x"]>;
export type ColorDef = NonNullable<Encoding["color"]>;
export type TooltipDef = Extract<NonNullable<Encoding["tooltip"]>, unknown[]>[number];
export type MarkDef = Extract<UnitLayer["mark"], { type: unknown }>;

/** `layers` if `condition` holds, else none: for optional layers in a `layer` list. */
export function when(condition: boolean, ...layers: Layer[]): Layer[] {
  return condition ? layers : [];
}
