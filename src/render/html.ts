import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { plural } from "../analyse/format.js";
import { FONT_STACK, PALETTE } from "../charts/theme.js";
import type { Interactive } from "./interactive.js";
import type { ReportView } from "./model.js";
import type { AppendixPdfView, PackPdfView } from "./pdf-model.js";
import type { EmailView } from "./email-pack.js";
import { themeCss } from "./theme.js";

/**
 * Fills the Handlebars templates of `templates/`: the report (HTML and the
 * source of the PDF), the e-mail body and the index of a range of packs.
 * Templates only place values: every number arrives formatted (model.ts).
 */

export const TEMPLATE_DIR = fileURLToPath(new URL("../../templates/", import.meta.url));

export interface IndexEntry {
  label: string;
  range: string;
  href: string;
  pdf?: string;
  kpis: ReportView["kpis"];
}

export interface IndexView {
  title: string;
  range: string;
  generated: string;
  packs: IndexEntry[];
}

let env: typeof Handlebars | undefined;

function handlebars(): typeof Handlebars {
  if (env) return env;
  const hb = Handlebars.create();
  const partials = join(TEMPLATE_DIR, "partials");
  for (const file of readdirSync(partials).filter((f) => f.endsWith(".hbs")))
    hb.registerPartial(basename(file, ".hbs"), readFileSync(join(partials, file), "utf8"));
  hb.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hb.registerHelper("plural", (n: number, word: string) => plural(n, word));
  env = hb;
  return hb;
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

function template(name: string): HandlebarsTemplateDelegate {
  let t = compiled.get(name);
  if (!t) {
    t = handlebars().compile(readFileSync(join(TEMPLATE_DIR, `${name}.hbs`), "utf8"), { strict: true });
    compiled.set(name, t);
  }
  return t;
}

function css(name: string): string {
  return themeCss() + readFileSync(join(TEMPLATE_DIR, name), "utf8");
}

/**
 * The static report's content security policy (the page the PDF is printed
 * from, and the index of packs): no script may run at all (an injected
 * `<script>` or `onerror=` is refused even if escaping ever missed one), and
 * nothing is fetched: styles are inline, charts inline SVG, images data:
 * URLs. The interactive report.html allows its own scripts by their sha256
 * hash, never 'unsafe-inline' (interactive.ts).
 */
export const REPORT_CSP = reportPolicy("'none'");

/** The report's content security policy with the scripts it may run (`'none'`, or their hashes). */
export function reportPolicy(scriptSrc: string): string {
  return [
    "default-src 'none'",
    `script-src ${scriptSrc}`,
    "style-src 'unsafe-inline'",
    "img-src data:",
    "font-src data:",
    "connect-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/**
 * The self-contained report page: CSS inline, charts as inline SVG. Given
 * `interactive` (report.html), it also carries the explorer, the data and
 * the scripts that draw the charts live; without (the PDF's source), no script.
 */
export function reportHtml(view: ReportView, interactive: Interactive | null = null): string {
  return template("report")({
    ...view,
    css: css("report.css"),
    csp: interactive ? interactive.csp : REPORT_CSP,
    interactive,
  });
}

/** The e-mail body: table layout, inline styles, charts as `cid:` images. */
export function emailHtml(view: EmailView): string {
  return template("email")({ ...view, palette: PALETTE, font: FONT_STACK });
}

/** The page that links every pack of a range. */
export function indexHtml(view: IndexView): string {
  return template("index")({ ...view, css: css("report.css"), csp: REPORT_CSP });
}

/** The PDF pack's print page (templates/pdf/pack.hbs): its own layout, not the screen report's. */
export function packPdfHtml(view: PackPdfView): string {
  return template("pdf/pack")({ ...view, css: css("pdf/pdf.css"), csp: REPORT_CSP });
}

/** The appendix PDF's print page (templates/pdf/appendix.hbs). */
export function appendixPdfHtml(view: AppendixPdfView): string {
  return template("pdf/appendix")({ ...view, css: css("pdf/pdf.css"), csp: REPORT_CSP });
}
