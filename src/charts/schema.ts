/**
 * Jupyter wants a `$schema` to pick the Vega-Lite version; reports must not
 * contain URLs. So builders leave it out and notebooks add it here.
 */
import type { TopLevelSpec } from "vega-lite";

/** Vega-Lite 5: what JupyterLab's renderer (`application/vnd.vegalite.v5+json`) reads. */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";

/** The spec with the Vega-Lite 5 `$schema` first, as Jupyter expects. */
export function withSchema(spec: TopLevelSpec): TopLevelSpec {
  return { $schema: VEGA_LITE_SCHEMA, ...spec };
}

/**
 * A notebook display bundle: the interactive chart, plus optional SVG markup
 * as the fallback for viewers without Vega (GitHub, nbconvert); pass it from
 * `renderSvg(spec, { standalone: true })`, since a lone SVG needs its xmlns.
 */
export function mimeBundle(spec: TopLevelSpec, svg?: string): Record<string, unknown> {
  return svg === undefined
    ? { [VEGA_LITE_MIME]: withSchema(spec) }
    : { [VEGA_LITE_MIME]: withSchema(spec), "image/svg+xml": svg };
}
