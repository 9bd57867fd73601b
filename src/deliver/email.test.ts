import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { closedPort } from "../db/testing.js";
import { drawEmailCharts, writeEmailMessage } from "../render/email-pack.js";
import { EMAIL_HTML_LIMIT } from "../render/email-pack.js";
import { sampleEmailView } from "../render/sample.js";
import {
  checkSmtp,
  EmailError,
  parseAddresses,
  resolveReportUrl,
  resolveSender,
  resolveSmtpUrl,
  sendPack,
} from "./email.js";
import { leaves, parseMime, startSink, type Sink } from "./smtp-sink.js";

// A pack holding only what the e-mail reads; report.test.ts sends a real one.
let pack: string;
let sink: Sink;

before(async () => {
  pack = await mkdtemp(join(tmpdir(), "email-test-"));
  const view = await sampleEmailView();
  await writeEmailMessage(view, pack, await drawEmailCharts(view, pack), "all");
  await writeFile(join(pack, "report.pdf"), "%PDF-1.4\n% sample\n%%EOF\n");
  await writeFile(join(pack, "appendix.pdf"), "%PDF-1.4\n% appendix\n%%EOF\n");
  await writeFile(join(pack, "commentary.md"), "# Sales analysis: all\n\n**Ernst Handel** leads.\n");
  sink = await startSink();
});

after(async () => {
  await sink.close();
  await rm(pack, { recursive: true, force: true });
});

describe("sending a pack", () => {
  test("delivers the dashboard, the decisions, three inline charts, a text part and both PDFs, from the sender and with the report's link given", async () => {
    const sent = await sendPack({
      packDir: pack,
      to: ["ceo@example.com", "cfo@example.com"],
      smtp: sink.url,
      from: "Sales reports <reports@example.com>",
      reportUrl: "https://reports.example.com/all/report.html?a=1&b=<2>",
    });
    assert.deepEqual(sent.accepted, ["ceo@example.com", "cfo@example.com"]);
    assert.equal(sink.messages.length, 1);
    const message = sink.messages[0];
    assert.deepEqual(message.to, ["ceo@example.com", "cfo@example.com"]);

    const mime = parseMime(message.raw);
    assert.equal(mime.headers.get("subject"), "Sales performance report: July 1996 – February 1997");
    assert.equal(mime.headers.get("from"), "Sales reports <reports@example.com>");
    const parts = leaves(mime);
    const html = parts.find((p) => p.headers.get("content-type")?.startsWith("text/html"));
    assert.ok(html, "an HTML part");
    const body = html.body.toString("utf8");
    assert.ok(body.length < EMAIL_HTML_LIMIT, `${body.length} bytes of HTML`);
    assert.match(body, />\$386K</, "the tiles in compact amounts");
    assert.match(body, /\$386,424\.23/, "with the exact amount beneath");
    assert.equal([...body.matchAll(/font-weight:bold;margin:0 0 4px;">\d\. /g)].length, 6, "six decisions");
    assert.doesNotMatch(body, /<svg/, "no SVG: mail clients drop it");
    assert.match(
      body,
      /<a href="https:\/\/reports\.example\.com\/all\/report\.html\?a=1&#38;b=&#60;2&#62;"/,
      "the report's link, escaped",
    );

    const cids = [...body.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    assert.equal(cids.length, 3, "the trend and the first decisions' charts");
    for (const cid of cids) {
      const image = parts.find((p) => p.headers.get("content-id") === `<${cid}>`);
      assert.ok(image, `an inline part for cid:${cid}`);
      assert.match(image.headers.get("content-type") ?? "", /^image\/png/);
      assert.equal(image.body.subarray(1, 4).toString("latin1"), "PNG");
    }

    const pdfs = parts.filter((p) => p.headers.get("content-type")?.startsWith("application/pdf"));
    assert.deepEqual(
      pdfs.map((p) => /filename=([^;\s]+)/.exec(p.headers.get("content-disposition") ?? "")?.[1]),
      ["sales-report-all.pdf", "sales-report-all-appendix.pdf"],
    );
    for (const pdf of pdfs) assert.equal(pdf.body.subarray(0, 5).toString("latin1"), "%PDF-");

    const text =
      parts.find((p) => p.headers.get("content-type")?.startsWith("text/plain"))?.body.toString("utf8") ?? "";
    assert.match(text, /^Sales: \$386K \(\$386,424\.23\)/m);
    assert.match(text, /^1\. Loyalty program for the top customers$/m);
    assert.match(text, /^ {3}What to do:$/m);
    assert.match(text, /Enrol the Gold tier \(Ernst Handel, QUICK-Stop and Save-a-lot Markets\)/);
    assert.match(text, /^The interactive report: https:\/\/reports\.example\.com\/all\/report\.html\?a=1&b=<2>$/m);
    assert.doesNotMatch(text, /\*\*|<!--|&lt;|&amp;/, "no Markdown nor HTML left in the text");
  });

  test("without a report address the body carries no link and no placeholder", async () => {
    const already = sink.messages.length;
    await sendPack({ packDir: pack, to: ["ceo@example.com"], smtp: sink.url, reportUrl: "" });
    for (const part of leaves(parseMime(sink.messages[already].raw)).filter((p) =>
      /^text\//.test(p.headers.get("content-type") ?? ""),
    ))
      assert.doesNotMatch(part.body.toString("utf8"), /report-link|<a href|interactive report/);
  });

  test("a refused connection is said as such, with the server's address", async () => {
    const port = await closedPort();
    await assert.rejects(
      sendPack({ packDir: pack, to: ["ceo@example.com"], smtp: `smtp://127.0.0.1:${port}` }),
      (error: Error) => {
        assert.ok(error instanceof EmailError);
        assert.equal(
          error.message,
          `could not reach the SMTP server at 127.0.0.1:${port}: connection refused (is it running? set --smtp or SALES_SMTP)`,
        );
        return true;
      },
    );
  });

  test("the server is asked before a pack is built: a live one answers, a refused one is named", async () => {
    const before = sink.messages.length;
    await checkSmtp(sink.url);
    assert.equal(sink.messages.length, before, "no message sent");
    const port = await closedPort();
    await assert.rejects(checkSmtp(`smtp://127.0.0.1:${port}`), {
      name: "EmailError",
      message: `could not reach the SMTP server at 127.0.0.1:${port}: connection refused (is it running? set --smtp or SALES_SMTP)`,
    });
  });

  test("a folder without a pack names what is missing", async () => {
    const empty = await mkdtemp(join(tmpdir(), "email-empty-"));
    await assert.rejects(
      sendPack({ packDir: empty, to: ["a@b.c"], smtp: sink.url }),
      /holds no e-mail version of the report \(.*message\.json is missing\): build the pack with npm run report first/,
    );
    await rm(empty, { recursive: true });
  });
});

describe("addresses and URLs", () => {
  test("a list of recipients is split on commas and each is checked", () => {
    assert.deepEqual(parseAddresses("a@x.com, b@y.org"), ["a@x.com", "b@y.org"]);
    assert.throws(() => parseAddresses("a@x.com,bob"), /not an e-mail address: "bob"/);
    assert.throws(() => parseAddresses(" , "), /no recipient/);
  });

  test("the sender comes from the flag, then SALES_MAIL_FROM, then reports@localhost", () => {
    assert.equal(resolveSender("a@x.com", { SALES_MAIL_FROM: "b@y.org" }), "a@x.com");
    assert.equal(resolveSender(undefined, { SALES_MAIL_FROM: "Sales <b@y.org>" }), "Sales <b@y.org>");
    assert.equal(resolveSender(undefined, {}), "Sales reports <reports@localhost>");
  });

  test("the report's address comes from the flag, then SALES_REPORT_URL, and must be a web address", () => {
    assert.equal(resolveReportUrl("https://r.example.com/x", {}), "https://r.example.com/x");
    assert.equal(resolveReportUrl(undefined, { SALES_REPORT_URL: "http://intranet/r" }), "http://intranet/r");
    assert.equal(resolveReportUrl(undefined, {}), null);
    assert.throws(
      () => resolveReportUrl("javascript:alert(1)", {}),
      /--report-url is not a web address \("javascript:alert\(1\)"\): expected http:\/\/… or https:\/\/…/,
    );
  });

  test("the SMTP URL comes from the flag, then SALES_SMTP, then localhost:25", () => {
    assert.equal(resolveSmtpUrl("smtp://mail:2525", {}), "smtp://mail:2525");
    assert.equal(resolveSmtpUrl(undefined, { SALES_SMTP: "smtps://u:p@mail" }), "smtps://u:p@mail");
    assert.equal(resolveSmtpUrl(undefined, {}), "smtp://localhost:25");
    assert.throws(
      () => resolveSmtpUrl("mail.example.com", {}),
      /^EmailError: --smtp is not an SMTP URL.*expected smtp:\/\/host/,
    );
    // A malformed variable is named, its password masked, instead of a bare "Invalid URL".
    assert.throws(
      () => resolveSmtpUrl(undefined, { SALES_SMTP: "smtp://u:secret@[bad" }),
      (e: Error) => /^SALES_SMTP is not an SMTP URL/.test(e.message) && !e.message.includes("secret"),
    );
  });
});
