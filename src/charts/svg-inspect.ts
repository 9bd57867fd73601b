/**
 * Reading rendered charts back, for tests: Vega's SVG marks every item with
 * an `aria-roledescription` ("bar", "point", "line mark"...), and all text is
 * in plain `<text>` elements.
 */

/** How many items carry `aria-roledescription="<role>"`, e.g. `"bar"`, `"point"`, `"line mark"`. */
export function countRole(svg: string, role: string): number {
  return svg.split(`aria-roledescription="${role}"`).length - 1;
}

const ENTITIES: Record<string, string> = {
  "&amp;": "&",
  "&lt;": "<",
  "&gt;": ">",
  "&quot;": '"',
  "&#39;": "'",
  "&apos;": "'",
};

/** The text of every `<text>` element, in document order, entities decoded. */
export function texts(svg: string): string[] {
  return [...svg.matchAll(/<text\b[^>]*>([\s\S]*?)<\/text>/g)].map((m) =>
    m[1].replace(/<[^>]+>/g, "").replace(/&(amp|lt|gt|quot|#39|apos);/g, (e) => ENTITIES[e]),
  );
}

/** The `fill` of each item with the given role, in document order. */
export function fills(svg: string, role: string): string[] {
  const items = [...svg.matchAll(new RegExp(`<[a-z]+\\b[^>]*aria-roledescription="${role}"[^>]*>`, "g"))];
  return items.map((m) => /\sfill="([^"]*)"/.exec(m[0])?.[1] ?? "");
}

/** The outer width and height the SVG declares. */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? "";
  return {
    width: Number(/\swidth="([\d.]+)"/.exec(open)?.[1]),
    height: Number(/\sheight="([\d.]+)"/.exec(open)?.[1]),
  };
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
