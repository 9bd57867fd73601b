import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderPng } from "../charts/render.js";
import { EMAIL_DIR, EMAIL_HTML, EMAIL_JSON, type EmailManifest } from "../deliver/email.js";
import { emailHtml } from "./html.js";
import { folderName, type ReportView } from "./model.js";

/**
 * The e-mail version of a pack, in `<pack>/email/`: the body (email.hbs),
 * each chart as a PNG named by its Content-ID (mail clients drop SVG), and
 * message.json, which src/deliver/email.ts sends from.
 */

/** Tables per section and rows per table in the e-mail; the attached PDF has them all. */
export const EMAIL_TABLES = 2;
export const EMAIL_ROWS = 10;

/**
 * The report as the e-mail shows it: every section's commentary and charts,
 * its first tables cut to their top rows. Gmail clips a body over 102 KB,
 * hiding the rest behind a link; the attached PDF holds every table whole.
 */
export function digest(view: ReportView): ReportView {
  return {
    ...view,
    sections: view.sections.map((s) => ({
      ...s,
      tables: s.tables
        .slice(0, EMAIL_TABLES)
        .map((t) =>
          t.rows.length > EMAIL_ROWS ? { ...t, rows: t.rows.slice(0, EMAIL_ROWS), hidden: t.total - EMAIL_ROWS } : t,
        ),
      moreTables: Math.max(0, s.tables.length - EMAIL_TABLES),
    })),
  };
}

/** Draws the PNGs; the slow half, timed as part of the charts stage. */
export async function drawEmailCharts(view: ReportView, packDir: string): Promise<EmailManifest["images"]> {
  const dir = join(packDir, EMAIL_DIR);
  await mkdir(dir, { recursive: true });
  const images: EmailManifest["images"] = [];
  for (const chart of view.sections.flatMap((s) => s.charts)) {
    const file = `${chart.cid.replace(/@.*$/, "")}.png`;
    await writeFile(join(dir, file), await renderPng(chart.svg));
    images.push({ cid: chart.cid, file });
  }
  return images;
}

export async function writeEmailMessage(
  view: ReportView,
  packDir: string,
  images: EmailManifest["images"],
): Promise<EmailManifest> {
  const dir = join(packDir, EMAIL_DIR);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, EMAIL_HTML), emailHtml(digest(view)));
  const meta: EmailManifest = {
    subject: `${view.title}: ${view.period.range} (${view.period.label})`,
    images,
    attachment: `sales-report-${folderName(view.period.label)}.pdf`,
  };
  await writeFile(join(dir, EMAIL_JSON), JSON.stringify(meta, null, 2) + "\n");
  return meta;
}
