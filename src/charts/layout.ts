/**
 * Pixel arithmetic done in TypeScript so data labels never run off the
 * chart: Vega-Lite cannot size a scale to fit text, so we size the domain.
 */
import { measureText } from "./text-metrics.js";
import { DEFAULT_WIDTH, config } from "./theme.js";

const PADDING = typeof config.padding === "number" ? config.padding : 0;
/** Axis label limit for category names; longer names end in "…". */
export const BAND_LABEL_LIMIT = 160;
const BAND_LABEL_GAP = 8;
/** Pixels between a bar end and its label. */
export const LABEL_GAP = 5;

/** Estimated width of the plot area of a horizontal bar chart with `names` on the y axis. */
export function plotWidth(names: string[], width = DEFAULT_WIDTH, reserved = 0): number {
  const labels = Math.min(BAND_LABEL_LIMIT, Math.max(0, ...names.map((n) => measureText(n, 11))));
  return Math.max(80, width - 2 * PADDING - labels - BAND_LABEL_GAP - reserved);
}

/**
 * A value domain in which each bar plus its label (drawn past the bar end,
 * `LABEL_GAP` px away) fits inside `plot` pixels. Negative bars get their
 * labels on the left, so the domain grows on both sides as needed.
 */
export function labelledDomain(
  bars: { value: number; label: string }[],
  plot: number,
  fontSize = 11,
): [number, number] {
  let lo = Math.min(0, ...bars.map((b) => b.value));
  let hi = Math.max(0, ...bars.map((b) => b.value));
  if (lo === hi) hi = 1;
  const room = bars.map((b) => (measureText(b.label, fontSize) + LABEL_GAP + 2) / plot);
  // Each pass widens the domain for the labels; the new span needs a little
  // more again, so a few passes settle it.
  for (let pass = 0; pass < 6; pass++) {
    const span = hi - lo;
    bars.forEach((b, i) => {
      if (b.value >= 0) hi = Math.max(hi, b.value + room[i] * span);
      else lo = Math.min(lo, b.value - room[i] * span);
    });
  }
  return [lo, hi];
}
