import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * How far down each page of a PDF the ink reaches, as a share of the page
 * above the footer: 1 for a full page, 0.1 for a page holding one line. The
 * pages are drawn in grey at 20 dpi by pdftoppm (poppler-utils), which is
 * plenty to see where the last line ends. For the tests that hold the pack to
 * its page budget (no page under half full but a section's last).
 */
export function pageFill(pdf: string): number[] {
  const dir = mkdtempSync(join(tmpdir(), "pdf-fill-"));
  try {
    execFileSync("pdftoppm", ["-r", "20", "-gray", pdf, join(dir, "p")]);
    return readdirSync(dir)
      .filter((f) => f.endsWith(".pgm"))
      .sort()
      .map((f) => fill(readFileSync(join(dir, f))));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Footer band at the bottom of the page (Chromium's page numbers), left out of the measure. */
const FOOTER = 0.06;
/** A pixel darker than this (0 black, 255 white) is ink. */
const INK = 200;

function fill(pgm: Buffer): number {
  // Binary PGM: "P5\n<width> <height>\n<max>\n" then one byte per pixel.
  const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(pgm.subarray(0, 50).toString("latin1"));
  if (!header) throw new Error("pdftoppm wrote no PGM");
  const [width, height] = [Number(header[1]), Number(header[2])];
  const pixels = pgm.subarray(header[0].length);
  const body = Math.floor(height * (1 - FOOTER));
  let last = 0;
  for (let y = 0; y < body; y++)
    for (let x = 0; x < width; x++)
      if (pixels[y * width + x] < INK) {
        last = y + 1;
        break;
      }
  return Math.round((last / body) * 100) / 100;
}
