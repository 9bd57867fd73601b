import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderPng } from "../charts/render.js";
import { EMAIL_DIR, EMAIL_HTML, EMAIL_JSON, EMAIL_TEXT, REPORT_LINK, type EmailManifest } from "../deliver/email.js";
import { emailHtml } from "./html.js";
import { folderName } from "./model.js";
import type { ChangeView, Fact, PackPdfView } from "./pdf-model.js";
import { htmlToText, wrap } from "./plain-text.js";

/**
 * The e-mail version of a pack, in `<pack>/email/`: the dashboard and the six
 * decisions (the PDF pack's own first two pages, from the same view), a few
 * charts as PNG named by their Content-ID (mail clients drop SVG), a
 * plain-text part, and message.json, which src/deliver/email.ts sends from
 * with both PDFs attached. Everything in it is cut to a fixed budget (the
 * decisions' first points, three charts), so the HTML stays far under the
 * 102 KB at which Gmail clips a message, whatever the size of the data.
 */

/** Charts in the e-mail: the monthly trend and the first decisions' charts. */
const EMAIL_CHARTS = 3;
/** Gmail clips a body past 102 KB; the e-mail is held under this (a test checks it on the largest pack). */
export const EMAIL_HTML_LIMIT = 100 * 1024;

interface EmailChart {
  cid: string;
  title: string;
  svg: string;
}

export interface EmailView {
  title: string;
  range: string;
  scope: string;
  tiles: { label: string; value: string; exact: string; changes: ChangeView[] }[];
  changeNote: string;
  decisions: {
    number: number;
    ask: string;
    keyValue: string;
    keyLabel: string;
    finding: string;
    /** The decision's first recommendations (or why the period is too short), HTML. */
    action: string;
    tooShort: boolean;
  }[];
  charts: EmailChart[];
  facts: Fact[];
  /** Where send time puts the link to the HTML report, when one is configured. */
  reportLink: string;
  attachments: string[];
}

export function emailView(pack: PackPdfView, attachments: string[]): EmailView {
  const charts: EmailChart[] = [
    ...(pack.dashboard.trend ? [{ cid: "trend@report", title: "Monthly sales", svg: pack.dashboard.trend }] : []),
    ...pack.chapters
      .filter((c) => c.lead)
      .map((c) => ({ cid: `decision-${c.number}@report`, title: `${c.number}. ${c.lead!.title}`, svg: c.lead!.svg })),
  ].slice(0, EMAIL_CHARTS);
  return {
    title: pack.title,
    range: pack.dashboard.range,
    scope: pack.dashboard.scope,
    tiles: pack.dashboard.tiles.map(({ label, value, exact, changes }) => ({ label, value, exact, changes })),
    changeNote: pack.dashboard.changeNote,
    decisions: pack.chapters.map((c) => ({
      number: c.number,
      ask: c.ask,
      keyValue: c.keyValue,
      keyLabel: c.keyLabel,
      finding: c.finding,
      action: c.recommendation,
      tooShort: c.tooShort,
    })),
    charts,
    facts: pack.dashboard.facts,
    reportLink: REPORT_LINK,
    attachments,
  };
}

/** The plain-text part: the same dashboard and decisions, as lines a terminal shows well. */
function emailText(view: EmailView): string {
  const lines = [`${view.title}: ${view.range}`, view.scope, ""];
  for (const t of view.tiles) {
    const changes = t.changes.map((c) => `${c.text} ${c.label}`).join(", ");
    lines.push(`${t.label}: ${t.value}${t.exact ? ` (${t.exact})` : ""} · ${changes}`);
  }
  if (view.changeNote) lines.push("", wrap(view.changeNote));
  lines.push("", "THE DECISIONS", "");
  for (const d of view.decisions) {
    lines.push(`${d.number}. ${d.ask}`);
    if (d.keyValue) lines.push(`   ${d.keyValue} ${d.keyLabel}`);
    if (d.finding) lines.push(wrap(htmlToText(d.finding), 76, "   "));
    if (d.action)
      lines.push(
        `   ${d.tooShort ? "Not enough data to advise:" : "What to do:"}`,
        wrap(htmlToText(d.action), 76, "   "),
      );
    lines.push("");
  }
  lines.push(REPORT_LINK);
  lines.push(`Attached: ${view.attachments.join(", ")}.`);
  for (const f of view.facts) lines.push(`${f.label}: ${f.value}`);
  return lines.join("\n").replace(/\n{3,}/g, "\n\n") + "\n";
}

/** The two PDFs of a pack as the e-mail attaches them: the pack, then its appendix. */
export function attachmentNames(label: string): { file: string; filename: string }[] {
  const name = folderName(label);
  return [
    { file: "report.pdf", filename: `sales-report-${name}.pdf` },
    { file: "appendix.pdf", filename: `sales-report-${name}-appendix.pdf` },
  ];
}

/** Draws the PNGs; the slow half, timed as part of the charts stage. */
export async function drawEmailCharts(view: EmailView, packDir: string): Promise<EmailManifest["images"]> {
  const dir = join(packDir, EMAIL_DIR);
  await mkdir(dir, { recursive: true });
  const images: EmailManifest["images"] = [];
  for (const chart of view.charts) {
    const file = `${chart.cid.replace(/@.*$/, "")}.png`;
    await writeFile(join(dir, file), await renderPng(chart.svg));
    images.push({ cid: chart.cid, file });
  }
  return images;
}

export async function writeEmailMessage(
  view: EmailView,
  packDir: string,
  images: EmailManifest["images"],
  label: string,
): Promise<EmailManifest> {
  const dir = join(packDir, EMAIL_DIR);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, EMAIL_HTML), emailHtml(view));
  await writeFile(join(dir, EMAIL_TEXT), emailText(view));
  const attachments = attachmentNames(label);
  const meta: EmailManifest = {
    subject: `${view.title}: ${view.range}${label === "all" ? "" : ` (${label})`}`,
    images,
    attachment: attachments[0].filename,
    attachments,
  };
  await writeFile(join(dir, EMAIL_JSON), JSON.stringify(meta, null, 2) + "\n");
  return meta;
}
