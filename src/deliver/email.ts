import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

/**
 * Sends a pack by e-mail: the dashboard and the decisions as the HTML body,
 * a few charts as inline PNG images referenced by Content-ID (mail clients
 * drop SVG), the same as plain text, and both PDFs (the pack and its
 * appendix) attached. Everything comes from the pack on disk, so the e-mail
 * shows exactly what the PDF shows; only the sender and the link to the HTML
 * report (where one is configured) are given at send time.
 */

const DEFAULT_SMTP_URL = "smtp://localhost:25";
export const DEFAULT_SENDER = "Sales reports <reports@localhost>";

/** What the renderer leaves in `<pack>/email/` for this module. */
export interface EmailManifest {
  subject: string;
  /** Inline images: `file` (in `email/`) is shown where the HTML says `cid:<cid>`. */
  images: { cid: string; file: string }[];
  /** File name for the attached PDF (packs written before the appendix was a PDF of its own). */
  attachment: string;
  /** The PDFs to attach: `file` in the pack, sent as `filename`. */
  attachments?: { file: string; filename: string }[];
}

export const EMAIL_DIR = "email";
export const EMAIL_HTML = "message.html";
export const EMAIL_JSON = "message.json";
export const EMAIL_TEXT = "message.txt";
/** Where the body and the text part say where the HTML report is; filled (or removed) at send time. */
export const REPORT_LINK = "<!--report-link-->";

export interface SendOptions {
  /** The pack folder (reports/<period>). */
  packDir: string;
  to: readonly string[];
  /** The sender; default SALES_MAIL_FROM, else Sales reports <reports@localhost>. */
  from?: string;
  /** Where readers open the HTML report (http or https); default SALES_REPORT_URL, else no link. */
  reportUrl?: string;
  /** smtp://[user:password@]host[:port] or smtps://…; default SALES_SMTP, else smtp://localhost:25. */
  smtp?: string;
  /** Seconds to wait for the server before giving up. Default 10. */
  timeout?: number;
}

export interface SendResult {
  messageId: string;
  accepted: string[];
  rejected: string[];
  subject: string;
  images: number;
  bytes: number;
}

export class EmailError extends Error {
  override name = "EmailError";
}

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+$/;

/** Splits and checks `a@x.com,b@y.com`; a bad address is named in the error. */
export function parseAddresses(list: string): string[] {
  const addresses = list
    .split(",")
    .map((a) => a.trim())
    .filter(Boolean);
  if (addresses.length === 0) throw new EmailError("no recipient: expected --to ADDRESS[,ADDRESS]");
  const bad = addresses.filter((a) => !ADDRESS.test(a));
  if (bad.length)
    throw new EmailError(
      `not an e-mail address: ${bad.map((b) => JSON.stringify(b)).join(", ")} (expected name@domain)`,
    );
  return addresses;
}

export function resolveSmtpUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const url = flag || env.SALES_SMTP || DEFAULT_SMTP_URL;
  const source = flag ? "--smtp" : env.SALES_SMTP ? "SALES_SMTP" : "the default";
  let valid = /^smtps?:\/\/[^/]+/.test(url);
  try {
    new URL(url); // nodemailer parses it the same way; "Invalid URL" alone would not say which setting
  } catch {
    valid = false;
  }
  if (!valid)
    throw new EmailError(
      `${source} is not an SMTP URL ("${mask(url)}"): expected smtp://host[:port] or smtps://user:password@host[:port]`,
    );
  return url;
}

interface PackMessage {
  subject: string;
  html: string;
  text?: string;
  attachments: {
    filename: string;
    path: string;
    contentType: string;
    cid?: string;
    contentDisposition?: "inline" | "attachment";
  }[];
  images: number;
}

/** The report's address from the flag, then SALES_REPORT_URL; null when neither is set. */
export function resolveReportUrl(flag?: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const url = flag || env.SALES_REPORT_URL || "";
  if (!url) return null;
  const source = flag ? "--report-url" : "SALES_REPORT_URL";
  let ok = false;
  try {
    ok = ["http:", "https:"].includes(new URL(url).protocol);
  } catch {
    ok = false;
  }
  if (!ok) throw new EmailError(`${source} is not a web address ("${url}"): expected http://… or https://…`);
  return url;
}

/** The message as nodemailer takes it, read from the pack; `reportUrl` becomes a link in both parts. */
async function packMessage(packDir: string, reportUrl: string | null = null): Promise<PackMessage> {
  const dir = join(packDir, EMAIL_DIR);
  const json = join(dir, EMAIL_JSON);
  if (!existsSync(json))
    throw new EmailError(
      `${packDir} holds no e-mail version of the report (${json} is missing): build the pack with npm run report first`,
    );
  const meta = JSON.parse(await readFile(json, "utf8")) as EmailManifest;
  const pdfs = meta.attachments ?? [{ file: "report.pdf", filename: meta.attachment }];
  for (const pdf of pdfs)
    if (!existsSync(join(packDir, pdf.file)))
      throw new EmailError(
        `${packDir} holds no ${pdf.file} (${join(packDir, pdf.file)} is missing): build the pack with npm run report first`,
      );
  const html = fillLink(await readFile(join(dir, EMAIL_HTML), "utf8"), reportUrl, "html");
  // Packs written before the e-mail had a text part of its own fall back to the commentary.
  const textFile = [join(dir, EMAIL_TEXT), join(packDir, "commentary.md")].find((f) => existsSync(f));
  const text = textFile ? fillLink(await readFile(textFile, "utf8"), reportUrl, "text") : undefined;
  const missing = meta.images.filter((i) => !html.includes(`cid:${i.cid}`));
  if (missing.length) throw new EmailError(`the e-mail HTML does not show ${missing.map((m) => m.file).join(", ")}`);
  return {
    subject: meta.subject,
    html,
    ...(text ? { text } : {}),
    attachments: [
      ...meta.images.map((i) => ({
        filename: i.file,
        path: join(dir, i.file),
        cid: i.cid,
        contentType: "image/png",
        contentDisposition: "inline" as const,
      })),
      ...pdfs.map((p) => ({ filename: p.filename, path: join(packDir, p.file), contentType: "application/pdf" })),
    ],
    images: meta.images.length,
  };
}

/** The report link where the pack left its place, escaped for HTML; nothing when no address is configured. */
function fillLink(body: string, url: string | null, kind: "html" | "text"): string {
  if (!url) return body.replace(REPORT_LINK, "");
  const escaped = url.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const link =
    kind === "html"
      ? `<a href="${escaped}" style="color:#1F3B5B;font-weight:bold;">Open the interactive report</a> (filters, sorting, every table).`
      : `The interactive report: ${url}`;
  return body.replace(REPORT_LINK, link);
}

export async function sendPack(options: SendOptions): Promise<SendResult> {
  const url = resolveSmtpUrl(options.smtp);
  const { images, ...message } = await packMessage(options.packDir, resolveReportUrl(options.reportUrl));
  const transport = transportFor(url, options.timeout);
  try {
    const info = await transport.sendMail({
      ...message,
      from: resolveSender(options.from),
      to: [...options.to],
    });
    const rejected = info.rejected.map(String);
    if (rejected.length) throw new EmailError(`the SMTP server at ${describe(url)} refused ${rejected.join(", ")}`);
    return {
      messageId: info.messageId,
      accepted: info.accepted.map(String),
      rejected,
      subject: message.subject,
      images,
      bytes: (info as { messageSize?: number }).messageSize ?? 0,
    };
  } catch (error) {
    throw smtpError(error, url);
  } finally {
    transport.close();
  }
}

/**
 * Connects to the SMTP server, greets it and logs in as a send would, then
 * hangs up: a pack that takes minutes to build is built only once the server
 * it goes through has answered. The errors are sendPack's.
 */
export async function checkSmtp(smtp: string, timeoutSeconds?: number): Promise<void> {
  const url = resolveSmtpUrl(smtp);
  const transport = transportFor(url, timeoutSeconds);
  try {
    await transport.verify();
  } catch (error) {
    throw smtpError(error, url);
  } finally {
    transport.close();
  }
}

function transportFor(url: string, timeoutSeconds = 10) {
  const timeout = timeoutSeconds * 1000;
  return nodemailer.createTransport({
    url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
  });
}

/** The sender: the flag, then SALES_MAIL_FROM, then Sales reports <reports@localhost>. */
export function resolveSender(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.SALES_MAIL_FROM || DEFAULT_SENDER;
}

/** nodemailer's errors, said as what went wrong where. */
function smtpError(error: unknown, url: string): Error {
  if (error instanceof EmailError) return error;
  const err = error as Error & { code?: string; responseCode?: number; response?: string; command?: string };
  const where = `the SMTP server at ${describe(url)}`;
  const message = err.message ?? String(error);
  if (/ECONNREFUSED/.test(message))
    return new EmailError(`could not reach ${where}: connection refused (is it running? set --smtp or SALES_SMTP)`);
  if (/ENOTFOUND|EAI_AGAIN/.test(message)) return new EmailError(`could not reach ${where}: host not found`);
  if (err.code === "ETIMEDOUT" || /timeout/i.test(message))
    return new EmailError(`could not reach ${where}: no answer (timed out)`);
  if (err.code === "EAUTH") return new EmailError(`${where} refused the login: ${err.response ?? message}`);
  if (err.code === "EENVELOPE") return new EmailError(`${where} refused the recipients: ${err.response ?? message}`);
  if (err.responseCode)
    return new EmailError(`${where} refused the message (${err.responseCode}): ${err.response ?? message}`);
  return new EmailError(`sending through ${where} failed: ${message}`);
}

/** The URL with anything between :// and @ hidden, for messages. */
function mask(url: string): string {
  return url.replace(/(\/\/)[^@/]*@/, "$1***@");
}

/** host:port of an SMTP URL, without credentials. */
function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === "smtps:" ? 465 : 25)}`;
  } catch {
    return url;
  }
}
