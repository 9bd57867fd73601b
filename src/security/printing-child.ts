import { Printer } from "../render/pdf.js";

/**
 * A report's PDF stage, alone, for src/security/chromium-exit.test.ts: opens
 * the printer, says Chromium's pid, then prints a long document again and
 * again, so that whenever the test kills this process it is mid-print.
 */
const printer = await Printer.open();
const page = `<p>${"Sales per customer and month, ".repeat(40)}</p>`;
const html = `<!doctype html><html><body>${page.repeat(400)}</body></html>`;
process.stdout.write(`chromium ${printer.pid}\n`);
for (;;) {
  process.stdout.write("printing\n");
  await printer.print({ footer: "kill test", html: () => html });
}
