import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { drawEmailCharts, writeEmailMessage } from "../render/email-pack.js";
import { sampleView } from "../render/sample.js";
import { EmailError, parseAddresses, resolveSmtpUrl, sendPack } from "./email.js";
import { leaves, parseMime, startSink, type Sink } from "./smtp-sink.js";

// A pack holding only what the e-mail reads; report.test.ts sends a real one.
let pack: string;
let sink: Sink;

before(async () => {
  pack = await mkdtemp(join(tmpdir(), "email-test-"));
  const view = await sampleView();
  await writeEmailMessage(view, pack, await drawEmailCharts(view, pack));
  await writeFile(join(pack, "report.pdf"), "%PDF-1.4\n% sample\n%%EOF\n");
  await writeFile(join(pack, "commentary.md"), "# Sales analysis: all\n\nErnst Handel leads.\n");
  sink = await startSink();
});

after(async () => {
  await sink.close();
  await rm(pack, { recursive: true, force: true });
});

describe("sending a pack", () => {
  test("delivers one message with the period in the subject, an HTML body, every inline chart and the PDF attached", async () => {
    const sent = await sendPack({
      packDir: pack,
      to: ["ceo@example.com", "cfo@example.com"],
      smtp: sink.url,
      from: "reports@example.com",
    });
    assert.deepEqual(sent.accepted, ["ceo@example.com", "cfo@example.com"]);
    assert.equal(sink.messages.length, 1);
    const message = sink.messages[0];
    assert.deepEqual(message.to, ["ceo@example.com", "cfo@example.com"]);

    const mime = parseMime(message.raw);
    assert.equal(mime.headers.get("subject"), "Sales performance report: July 1996 – February 1997 (all)");
    const parts = leaves(mime);
    const html = parts.find((p) => p.headers.get("content-type")?.startsWith("text/html"));
    assert.ok(html, "an HTML part");
    const body = html.body.toString("utf8");
    assert.match(body, /\$386,424\.23/);
    assert.doesNotMatch(body, /<svg/, "no SVG: mail clients drop it");
    assert.match(body, /Top 10 of 11 rows; the attached PDF has more\./, "tables cut to their top rows");

    const cids = [...body.matchAll(/src="cid:([^"]+)"/g)].map((m) => m[1]);
    assert.equal(cids.length, 4, "two charts in each of two sections");
    for (const cid of cids) {
      const image = parts.find((p) => p.headers.get("content-id") === `<${cid}>`);
      assert.ok(image, `an inline part for cid:${cid}`);
      assert.match(image.headers.get("content-type") ?? "", /^image\/png/);
      assert.equal(image.body.subarray(1, 4).toString("latin1"), "PNG");
    }

    const pdf = parts.find((p) => p.headers.get("content-type")?.startsWith("application/pdf"));
    assert.ok(pdf, "a PDF part");
    assert.match(pdf.headers.get("content-disposition") ?? "", /^attachment; filename=sales-report-all\.pdf/);
    assert.equal(pdf.body.subarray(0, 5).toString("latin1"), "%PDF-");

    const text = parts.find((p) => p.headers.get("content-type")?.startsWith("text/plain"));
    assert.match(text?.body.toString("utf8") ?? "", /Ernst Handel leads/);
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

  test("the SMTP URL comes from the flag, then SALES_SMTP, then localhost:25", () => {
    assert.equal(resolveSmtpUrl("smtp://mail:2525", {}), "smtp://mail:2525");
    assert.equal(resolveSmtpUrl(undefined, { SALES_SMTP: "smtps://u:p@mail" }), "smtps://u:p@mail");
    assert.equal(resolveSmtpUrl(undefined, {}), "smtp://localhost:25");
    assert.throws(() => resolveSmtpUrl("mail.example.com", {}), /expected smtp:\/\/host/);
  });
});

/** A port nothing listens on: bind one, note it, release it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
