import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

/**
 * Sends a pack by e-mail: the report as the HTML body, its charts as inline
 * PNG images referenced by Content-ID (mail clients drop SVG), the PDF
 * attached and commentary.md as the plain-text alternative. Everything comes
 * from the pack on disk, so the e-mail shows exactly what the report shows.
 */

export const DEFAULT_SMTP_URL = "smtp://localhost:25";

/** What the renderer leaves in `<pack>/email/` for this module. */
export interface EmailManifest {
  subject: string;
  /** Inline images: `file` (in `email/`) is shown where the HTML says `cid:<cid>`. */
  images: { cid: string; file: string }[];
  /** File name for the attached PDF. */
  attachment: string;
}

export const EMAIL_DIR = "email";
export const EMAIL_HTML = "message.html";
export const EMAIL_JSON = "message.json";

export interface SendOptions {
  /** The pack folder (reports/<period>). */
  packDir: string;
  to: readonly string[];
  from?: string;
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

export interface PackMessage {
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

/** The message as nodemailer takes it, read from the pack. */
export async function packMessage(packDir: string): Promise<PackMessage> {
  const dir = join(packDir, EMAIL_DIR);
  const pdf = join(packDir, "report.pdf");
  for (const [path, what] of [
    [join(dir, EMAIL_JSON), "e-mail version of the report"],
    [pdf, "PDF"],
  ] as const)
    if (!existsSync(path))
      throw new EmailError(
        `${packDir} holds no ${what} (${path} is missing): build the pack with npm run report first`,
      );
  const meta = JSON.parse(await readFile(join(dir, EMAIL_JSON), "utf8")) as EmailManifest;
  const html = await readFile(join(dir, EMAIL_HTML), "utf8");
  const text = existsSync(join(packDir, "commentary.md"))
    ? await readFile(join(packDir, "commentary.md"), "utf8")
    : undefined;
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
      { filename: meta.attachment, path: pdf, contentType: "application/pdf" },
    ],
    images: meta.images.length,
  };
}

export async function sendPack(options: SendOptions): Promise<SendResult> {
  const url = resolveSmtpUrl(options.smtp);
  const { images, ...message } = await packMessage(options.packDir);
  const timeout = (options.timeout ?? 10) * 1000;
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout * 3,
  });
  try {
    const info = await transport.sendMail({
      ...message,
      from: options.from ?? process.env.SALES_MAIL_FROM ?? "Sales reports <reports@localhost>",
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

/** nodemailer's errors, said as what went wrong where. */
export function smtpError(error: unknown, url: string): Error {
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
