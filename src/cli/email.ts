import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { PeriodError } from "../analyse/period.js";
import { EmailError, parseAddresses, resolveSmtpUrl, sendPack } from "../deliver/email.js";
import { buildReport, defaultPackDir } from "../render/report.js";
import { main, UsageError } from "./run.js";

const usage = `
Usage: npm run email -- --period P --to ADDRESS[,ADDRESS] [--smtp URL] [--from ADDRESS]
                        [--out DIR] [--db URL] [--data DIR]

E-mails the pack of a period: the report as the HTML body (charts as inline
PNG images, which every mail client shows), the PDF attached, and the
commentary as the plain-text version. The pack is built first when its folder
holds none (as npm run report would).

Options:
  --period P      the period of the pack: all, 1997, 1997-Q1, 1997-01, 1996-09..1997-01
  --to LIST       recipients, separated by commas
  --smtp URL      smtp://[user:password@]host[:port] or smtps://… (default SALES_SMTP,
                  else smtp://localhost:25)
  --from ADDRESS  sender (default SALES_MAIL_FROM, else reports@localhost)
  --out DIR       the pack folder (default reports/<period>, as npm run report writes it)
  --db URL        warehouse, when the pack must be built (default SALES_DB, else the embedded DuckDB)
  --data DIR      the extracts, when the pack must be built (default data)
  -h, --help      show this help

Exit codes: 0 sent, 1 the pack or the SMTP server failed, 2 usage error.
`;

await main({
  name: "email",
  usage,
  options: {
    period: { type: "string" },
    to: { type: "string" },
    smtp: { type: "string" },
    from: { type: "string" },
    out: { type: "string" },
    db: { type: "string" },
    data: { type: "string", default: "data" },
  },
  async run(values) {
    if (!values.period) throw new UsageError("--period is required (e.g. --period 1997-Q1)");
    if (!values.to) throw new UsageError("--to is required (e.g. --to ceo@example.com,cfo@example.com)");
    let to: string[];
    let smtp: string;
    try {
      to = parseAddresses(values.to);
      smtp = resolveSmtpUrl(values.smtp);
      if (values.from) parseAddresses(values.from);
    } catch (error) {
      throw new UsageError((error as EmailError).message);
    }
    const packDir = resolve(values.out ?? defaultPackDir(values.period));
    if (!existsSync(join(packDir, "report.pdf")) || !existsSync(join(packDir, "email"))) {
      process.stderr.write(`email: no pack in ${relative(process.cwd(), packDir) || "."}, building it first\n`);
      await buildReport({ period: values.period, db: values.db, dataDir: values.data, out: packDir }).catch((error: unknown) => {
        throw error instanceof PeriodError ? new UsageError(error.message) : error;
      });
    }
    const sent = await sendPack({ packDir, to, smtp, from: values.from });
    process.stdout.write(
      `sent "${sent.subject}" to ${sent.accepted.join(", ")} (${sent.images} inline chart${sent.images === 1 ? "" : "s"}, PDF attached)\n`,
    );
  },
});
