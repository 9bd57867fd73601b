import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PeriodError } from "../analyse/period.js";
import {
  DEFAULT_SENDER,
  checkSmtp,
  EmailError,
  parseAddresses,
  resolveReportUrl,
  resolveSender,
  resolveSmtpUrl,
  sendPack,
} from "../deliver/email.js";
import { printable, printableLines } from "../printable.js";
import { defaultOutDir } from "../run/out-dir.js";
import { applyNumberStyle, currencyOption, dataOption, dbOption, localeOption, periodOption } from "./options.js";
import { defineCommand, isMain, main, UsageError } from "./run.js";

export const command = defineCommand({
  name: "email",
  description: `
E-mails the pack of a period: the dashboard and the six decisions as the HTML
body (under 100 KB, three charts as inline PNG images, which every mail client
shows), the same as plain text, both PDFs attached (the pack and its appendix),
and a link to the HTML report when --report-url or SALES_REPORT_URL gives its
address. The pack is built first when its folder holds none (as the report
command would), once the SMTP server has answered: a server that cannot be
reached fails the command before minutes of building.`,
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
      description: 'sender, an address or "Name <address>"',
      defaultText: "SALES_MAIL_FROM, else Sales reports <reports@localhost>",
    },
    "report-url": {
      type: "string",
      value: "URL",
      description: "where readers open the HTML report (http:// or https://): the e-mail links to it",
      defaultText: "SALES_REPORT_URL, else no link",
    },
    out: {
      type: "string",
      value: "DIR",
      description: "the pack folder, as the report command writes it",
      defaultText: "reports/<period>",
    },
    db: { ...dbOption, description: "the warehouse, when the pack must be built" },
    currency: { ...currencyOption, description: "when the pack must be built: " + currencyOption.description },
    locale: { ...localeOption, description: "when the pack must be built: " + localeOption.description },
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
    let reportUrl: string | null;
    try {
      to = parseAddresses(values.to!);
      smtp = resolveSmtpUrl(values.smtp);
      reportUrl = resolveReportUrl(values["report-url"]);
      applyNumberStyle(values);
      const from = resolveSender(values.from);
      parseAddresses(/<([^>]*)>\s*$/.exec(from)?.[1] ?? from);
    } catch (error) {
      throw new UsageError((error as EmailError).message);
    }
    // The report's default folder (render/report.ts's defaultPackDir), without loading the report to name it.
    const packDir = resolve(values.out ?? defaultOutDir(period));
    if (!["report.pdf", "appendix.pdf", "email"].every((f) => existsSync(join(packDir, f)))) {
      // Minutes of building for a message that cannot leave: ask the server first.
      await checkSmtp(smtp);
      process.stderr.write(`email: no pack in ${relative(process.cwd(), packDir) || "."}, building it first\n`);
      const onNotice = (message: string) => process.stderr.write(`email: ${printableLines(message)}\n`);
      const { buildReport } = await import("../render/report.js");
      await buildReport({ period, db: values.db, dataDir: values.data, out: packDir, onNotice }).catch(
        (error: unknown) => {
          throw error instanceof PeriodError ? new UsageError(error.message) : error;
        },
      );
    }
    if (!values.from && !process.env.SALES_MAIL_FROM)
      process.stderr.write(`email: sending as ${DEFAULT_SENDER} (set --from or SALES_MAIL_FROM)\n`);
    const sent = await sendPack({ packDir, to, smtp, from: values.from, reportUrl: reportUrl ?? undefined });
    process.stdout.write(
      `sent "${printable(sent.subject)}" to ${sent.accepted.join(", ")} (${sent.images} inline chart${sent.images === 1 ? "" : "s"}, both PDFs attached${reportUrl ? ", linked to the report" : ""})\n`,
    );
  },
});

if (isMain(import.meta.url)) await main(command);
