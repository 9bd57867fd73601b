/**
 * Reads what the report needs back from a PDF Chromium printed: its page
 * count and the page of each named destination (one per linked anchor).
 * Chromium (Skia) writes these dictionaries as plain text, so a scan of the
 * object table is enough; no PDF library needed.
 */

export interface PdfAnchors {
  pages: number;
  anchors: Map<string, number>;
}

export function pdfAnchors(pdf: Buffer): PdfAnchors {
  const text = pdf.toString("latin1");
  const objects = new Map<number, string>();
  for (const m of text.matchAll(/(\d+) 0 obj\b([\s\S]*?)\bendobj/g)) objects.set(Number(m[1]), m[2]);

  const root = [...objects.entries()].find(([, body]) => /\/Type\s*\/Pages\b/.test(body) && !/\/Parent\b/.test(body));
  if (!root) throw new Error("not a PDF with a page tree");
  const order: number[] = [];
  const walk = (id: number, depth: number) => {
    const body = objects.get(id) ?? "";
    if (depth > 0 && !/\/Type\s*\/Pages\b/.test(body)) {
      order.push(id);
      return;
    }
    const kids = /\/Kids\s*\[([^\]]*)\]/.exec(body)?.[1] ?? "";
    for (const k of kids.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]), depth + 1);
  };
  walk(root[0], 0);
  const pageOf = new Map(order.map((id, i) => [id, i + 1]));

  const anchors = new Map<string, number>();
  const destsRef = /\/Dests\s+(\d+) 0 R/.exec(text);
  const dests = destsRef ? (objects.get(Number(destsRef[1])) ?? "") : "";
  for (const m of dests.matchAll(/\/([^\s[/<>()]+)\s*\[\s*(\d+) 0 R/g)) {
    const page = pageOf.get(Number(m[2]));
    if (page !== undefined) anchors.set(decodeName(m[1]), page);
  }
  return { pages: order.length, anchors };
}

/** PDF names escape bytes as `#xx`. */
function decodeName(name: string): string {
  return name.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
