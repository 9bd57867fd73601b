/**
 * Text widths for Vega's layout in Node, where there is no canvas to measure.
 *
 * Vega's fallback guesses 0.8 em per character, about 50% too wide for a sans
 * font: axes then reserve far too much room and `labelLimit` cuts names early.
 * Instead we use the advance widths of Arial (shared, by design, by Liberation
 * Sans and Arimo, which is what PNGs are drawn with here, and close to
 * Helvetica and Segoe UI in browsers and PDFs). Units: 1/1000 em.
 */

// Regular, U+0020..U+007E
const REGULAR_ASCII = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556,
  556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334,
  260, 334, 584,
];
// Regular, U+00A0..U+00FF
const REGULAR_LATIN1 = [
  278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333, 333, 333, 576, 537,
  278, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278,
  278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556,
  556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 549, 611, 556, 556, 556,
  556, 500, 556, 500,
];
// Bold, U+0020..U+007E
const BOLD_ASCII = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833,
  722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611,
  556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389,
  280, 389, 584,
];
// Bold, U+00A0..U+00FF
const BOLD_LATIN1 = [
  278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333, 333, 333, 576, 556,
  278, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278,
  278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556,
  556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 549, 611, 611, 611, 611,
  611, 556, 611, 556,
];

/** Widths outside the tables: typographic punctuation Vega and d3 emit. */
const EXTRA: Record<string, [regular: number, bold: number]> = {
  "\u2212": [584, 584], // minus sign (d3-format negatives)
  "\u2026": [1000, 1000], // ellipsis (truncated labels)
  "\u2013": [556, 556], // en dash
  "\u2014": [1000, 1000], // em dash
  "\u2018": [222, 278],
  "\u2019": [222, 278],
  "\u201C": [333, 500],
  "\u201D": [333, 500],
  "\u2022": [350, 350], // bullet
  "\u00B7": [278, 278], // middle dot
  "\u25B2": [1000, 1000], // triangles for growth arrows
  "\u25BC": [1000, 1000],
};

/** Average lower-case width, for letters outside Latin-1. */
const FALLBACK = 556;

function charWidth(code: number, bold: boolean): number {
  if (code >= 0x20 && code <= 0x7e) return (bold ? BOLD_ASCII : REGULAR_ASCII)[code - 0x20];
  if (code >= 0xa0 && code <= 0xff) return (bold ? BOLD_LATIN1 : REGULAR_LATIN1)[code - 0xa0];
  const extra = EXTRA[String.fromCharCode(code)];
  return extra ? extra[bold ? 1 : 0] : FALLBACK;
}

function isBold(weight: unknown): boolean {
  if (typeof weight === "number") return weight >= 600;
  return weight === "bold" || weight === "bolder" || (typeof weight === "string" && Number(weight) >= 600);
}

/** Width in pixels of `text` set at `fontSize` px. */
export function measureText(text: string, fontSize: number, fontWeight?: unknown): number {
  const bold = isBold(fontWeight);
  let units = 0;
  for (let i = 0; i < text.length; i++) units += charWidth(text.charCodeAt(i), bold);
  return (units * fontSize) / 1000;
}

/** The fields of a Vega text item that sizing depends on. */
interface TextItem {
  fontSize?: number;
  fontWeight?: unknown;
  limit?: number;
}

/**
 * Vega's `textMetrics.width(item, text)`. Vega truncates labels to `limit`
 * by calling this same function, so the answer is capped at the limit: the
 * truncated label is at most that wide, and its bounds must say so.
 */
export function vegaTextWidth(item: TextItem, text: unknown): number {
  const fontSize = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  const str = text == null ? "" : String(text).trim();
  const width = measureText(str, fontSize, item.fontWeight);
  const limit = Number(item.limit) || 0;
  return limit > 0 ? Math.min(width, limit) : width;
}
