import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import Handlebars from "handlebars";
import { plural } from "../analyse/format.js";
import { CATEGORY_COLORS, FONT_STACK, PALETTE } from "../charts/theme.js";
import type { ReportView } from "./model.js";
import type { AppendixPdfView, PackPdfView } from "./pdf-model.js";
import type { EmailView } from "./email-pack.js";

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

/** The palette of the charts as CSS custom properties, so pages and charts match. */
export function themeCss(): string {
  const vars = Object.entries(PALETTE).map(([k, v]) => `  --${k}: ${v};`);
  CATEGORY_COLORS.forEach((c, i) => vars.push(`  --series-${i + 1}: ${c};`));
  vars.push(`  --font: ${FONT_STACK}, sans-serif;`);
  return `:root {\n${vars.join("\n")}\n}\n`;
}

function css(name: string): string {
  return themeCss() + readFileSync(join(TEMPLATE_DIR, name), "utf8");
}

/**
 * The report's content security policy. The page runs no script of its own,
 * so none may run at all (an injected `<script>` or `onerror=` is refused even
 * if escaping ever missed one), and nothing is fetched: styles are inline,
 * charts inline SVG, images data: URLs. Should the report ever need a script,
 * add its sha256 hash to script-src rather than 'unsafe-inline'.
 */
export const REPORT_CSP = [
  "default-src 'none'",
  "script-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src data:",
  "font-src data:",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");

/** The self-contained report page: CSS inline, charts as inline SVG. */
export function reportHtml(view: ReportView): string {
  return template("report")({ ...view, css: css("report.css"), csp: REPORT_CSP });
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
