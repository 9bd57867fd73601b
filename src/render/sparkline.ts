import { PALETTE } from "../charts/theme.js";

/**
 * A tile's sparkline: an inline SVG line of a measure month by month, drawn
 * from numbers only (no text from the data), so it needs no escaping and no
 * chart engine. The months before the period are faint; a partial month is a
 * hollow point on a dashed segment, as in the trend chart, so it never reads
 * as a collapse.
 */

export interface SparkPoint {
  value: number | null;
  /** Inside the period (drawn strong) or before it (faint context). */
  current: boolean;
  /** The data covers only part of the month. */
  partial: boolean;
}

export function sparkline(points: readonly SparkPoint[], width = 160, height = 34): string {
  const known = points.map((p, i) => ({ ...p, i })).filter((p) => p.value !== null && Number.isFinite(p.value));
  if (known.length < 2) return "";
  const values = known.map((p) => p.value!);
  const min = Math.min(0, ...values);
  const max = Math.max(...values);
  const pad = 3;
  const x = (i: number) => pad + (i / Math.max(1, points.length - 1)) * (width - 2 * pad);
  const y = (v: number) => height - pad - ((v - min) / (max - min || 1)) * (height - 2 * pad);
  const xy = (p: (typeof known)[number]) => `${x(p.i).toFixed(1)},${y(p.value!).toFixed(1)}`;
  const segments: string[] = [];
  for (let k = 1; k < known.length; k++) {
    const a = known[k - 1];
    const b = known[k];
    const dashed = a.partial || b.partial;
    const faint = !b.current;
    segments.push(
      `<line x1="${x(a.i).toFixed(1)}" y1="${y(a.value!).toFixed(1)}" x2="${x(b.i).toFixed(1)}" y2="${y(b.value!).toFixed(1)}" stroke="${faint ? PALETTE.muted : PALETTE.primary}" stroke-width="${faint ? 1 : 1.6}"${dashed ? ' stroke-dasharray="3 2"' : ""}${faint ? ' opacity="0.6"' : ""}/>`,
    );
  }
  const last = known[known.length - 1];
  const dot = `<circle cx="${x(last.i).toFixed(1)}" cy="${y(last.value!).toFixed(1)}" r="2.4" fill="${last.partial ? "#FFFFFF" : PALETTE.primary}" stroke="${PALETTE.primary}" stroke-width="1.2"/>`;
  const partials = known
    .filter((p) => p.partial && p !== last)
    .map((p) => {
      const [cx, cy] = xy(p).split(",");
      return `<circle cx="${cx}" cy="${cy}" r="2" fill="#FFFFFF" stroke="${PALETTE.primary}" stroke-width="1"/>`;
    });
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-hidden="true">${segments.join("")}${partials.join("")}${dot}</svg>`;
}
