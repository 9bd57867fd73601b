import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PeriodError } from "../analyse/period.js";
import { EmailError, parseAddresses, resolveSmtpUrl, sendPack } from "../deliver/email.js";
import { defaultOutDir } from "../run/out-dir.js";
import { dataOption, dbOption, periodOption } from "./options.js";
import { defineCommand, isMain, main, UsageError } from "./run.js";

export const command = defineCommand({
  name: "email",
  description: `
E-mails the pack of a period: the report as the HTML body (charts as inline
PNG images, which every mail client shows), the PDF attached, and the
commentary as the plain-text version. The pack is built first when its folder
holds none (as the report command would).`,
  epilogue: "Exit codes: 0 sent, 1 the pack or the SMTP server failed, 2 usage error.",
  options: {
    period: {
      ...periodOption,
      default: undefined,
      required: true,
      description: "the period of the pack (e.g. 1997-Q1): " + periodOption.description,
    },
    to: {
      type: "string",
      value: "LIST",
      required: true,
      description: "recipients, separated by commas (e.g. ceo@example.com,cfo@example.com)",
    },
    smtp: {
      type: "string",
      value: "URL",
      description: "smtp://[user:password@]host[:port] or smtps://…",
      defaultText: "SALES_SMTP, else smtp://localhost:25",
    },
    from: {
      type: "string",
      value: "ADDRESS",
      description: "sender",
      defaultText: "SALES_MAIL_FROM, else reports@localhost",
    },
    out: {
      type: "string",
      value: "DIR",
      description: "the pack folder, as the report command writes it",
      defaultText: "reports/<period>",
    },
    db: { ...dbOption, description: "the warehouse, when the pack must be built" },
    // No default value: as for the report, only a --data the user gives replaces a warehouse loaded from elsewhere.
    data: {
      type: "string",
      value: dataOption.value,
      description: "the extracts, when the pack must be built (see the report command's --data)",
      defaultText: dataOption.default,
    },
  },
  async run(values) {
    // main() refuses a run without the required options.
    const period = values.period!;
    let to: string[];
    let smtp: string;
    try {
      to = parseAddresses(values.to!);
      smtp = resolveSmtpUrl(values.smtp);
      if (values.from) parseAddresses(values.from);
    } catch (error) {
      throw new UsageError((error as EmailError).message);
    }
    // The report's default folder (render/report.ts's defaultPackDir), without loading the report to name it.
    const packDir = resolve(values.out ?? defaultOutDir(period));
    if (!existsSync(join(packDir, "report.pdf")) || !existsSync(join(packDir, "email"))) {
      process.stderr.write(`email: no pack in ${relative(process.cwd(), packDir) || "."}, building it first\n`);
      const onNotice = (message: string) => process.stderr.write(`email: ${message}\n`);
      const { buildReport } = await import("../render/report.js");
      await buildReport({ period, db: values.db, dataDir: values.data, out: packDir, onNotice }).catch(
        (error: unknown) => {
          throw error instanceof PeriodError ? new UsageError(error.message) : error;
        },
      );
    }
    const sent = await sendPack({ packDir, to, smtp, from: values.from });
    process.stdout.write(
      `sent "${sent.subject}" to ${sent.accepted.join(", ")} (${sent.images} inline chart${sent.images === 1 ? "" : "s"}, PDF attached)\n`,
    );
  },
});

if (isMain(import.meta.url)) await main(command);
