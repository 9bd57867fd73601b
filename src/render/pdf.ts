import type { Browser } from "puppeteer-core";
import { launchChromium, type Chromium } from "../chromium/launch.js";
import { pdfAnchors } from "./pdf-anchors.js";

/**
 * Prints report HTML to A4 PDF with the system Chromium. The page is cut off
 * from the network, so a pack that prints is a pack that opens offline. The
 * table of contents gets its page numbers from a first print: Chromium writes
 * a named destination for every anchor a link points at, and the second print
 * fills them in (the contents sit on the cover, so the pages do not move).
 * The first print lays out the same page with empty charts of the same size,
 * which halves its cost; the second checks the pages came out the same.
 */

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Page numbers of the anchors (element ids) in the printed PDF, 1-based. */
type PageMap = ReadonlyMap<string, number>;

export interface PrintOptions {
  /** Left of the footer, e.g. "Sales performance report · July 1996 – February 1997". */
  footer: string;
  /** Builds the HTML; called again with the page of every anchor once the first print knows them. */
  html: (pages: PageMap | null) => string;
}

export interface PrintedPdf {
  pdf: Buffer;
  pages: number;
  anchors: PageMap;
}

export class Printer {
  private constructor(private readonly chromium: Chromium) {}

  private get browser(): Browser {
    return this.chromium.browser;
  }

  /** Chromium's pid (it leads its own process group), for the tests that kill a report mid-print. */
  get pid(): number | undefined {
    return this.browser.process()?.pid;
  }

  /** Starts Chromium; it never outlives this process, even killed with -9 (src/chromium/launch.ts). */
  static async open(executablePath = CHROMIUM_PATH): Promise<Printer> {
    try {
      return new Printer(await launchChromium({ executablePath, args: ARGS, purpose: "report" }));
    } catch (error) {
      throw new Error(
        `could not start Chromium at ${executablePath} to print the PDF (set CHROMIUM_PATH, or leave pdf out of --format): ${(error as Error).message}`,
      );
    }
  }

  async print(options: PrintOptions): Promise<PrintedPdf> {
    const first = pdfAnchors(await this.printOnce(skeleton(options.html(null)), options.footer));
    if (first.anchors.size === 0) {
      const pdf = await this.printOnce(options.html(null), options.footer);
      return { pdf, pages: pdfAnchors(pdf).pages, anchors: first.anchors };
    }
    let pdf = await this.printOnce(options.html(first.anchors), options.footer);
    let printed = pdfAnchors(pdf);
    // Should the skeleton ever lay out differently, number the contents from the real print.
    if (!sameAnchors(first.anchors, printed.anchors)) {
      pdf = await this.printOnce(options.html(printed.anchors), options.footer);
      printed = pdfAnchors(pdf);
    }
    return { pdf, pages: printed.pages, anchors: printed.anchors };
  }

  /** A document without contents to number (the appendix): one print. */
  async printDocument(html: string, footer: string): Promise<PrintedPdf> {
    const pdf = await this.printOnce(html, footer);
    const { pages, anchors } = pdfAnchors(pdf);
    return { pdf, pages, anchors };
  }

  private async printOnce(html: string, footer: string): Promise<Buffer> {
    const page = await this.browser.newPage();
    const blocked: string[] = [];
    try {
      // The report needs no script: none runs while printing, and a dialog (which would stall the print) is dismissed.
      await page.setJavaScriptEnabled(false);
      page.on("dialog", (dialog) => void dialog.dismiss().catch(() => undefined));
      await page.setRequestInterception(true);
      page.on("request", (request) => {
        const url = request.url();
        if (url.startsWith("data:") || url === "about:blank") void request.continue();
        else {
          blocked.push(url);
          void request.abort("blockedbyclient");
        }
      });
      await page.setContent(html, { waitUntil: "load" });
      await page.emulateMediaType("print");
      const pdf = await page.pdf({
        format: "A4",
        printBackground: true,
        preferCSSPageSize: true,
        displayHeaderFooter: true,
        headerTemplate: "<span></span>",
        footerTemplate: footerTemplate(footer),
        outline: true,
        tagged: true,
      });
      if (blocked.length)
        throw new Error(
          `the report is not self-contained: it asked for ${blocked.slice(0, 3).join(", ")}${blocked.length > 3 ? ", …" : ""}`,
        );
      return Buffer.from(pdf);
    } finally {
      await page.close();
    }
  }

  async close(): Promise<void> {
    await this.chromium.close();
  }
}

/** The page with every inline chart emptied: same boxes (width, height, viewBox stay), nothing to draw. */
function skeleton(html: string): string {
  return html.replace(/<svg([^>]*)>[\s\S]*?<\/svg>/g, "<svg$1></svg>");
}

function sameAnchors(a: PageMap, b: PageMap): boolean {
  return a.size === b.size && [...a].every(([id, page]) => b.get(id) === page);
}

/** Chromium draws the footer in the page margin, outside the page's CSS: styles must be inline. */
function footerTemplate(text: string): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return `<div style="width:100%;margin:0 14mm;display:flex;justify-content:space-between;font-family:Helvetica,Arial,sans-serif;font-size:7.5px;color:#5F6B7A;">
<span>${escaped}</span><span>Page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`;
}
