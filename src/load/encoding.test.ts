import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { after, test } from "node:test";
import { ExtractDecoder, linesAt } from "./encoding.js";

/** Runs bytes through a decoder in the given chunks. */
async function decode(...chunks: Buffer[]): Promise<{ text: string; decoder: ExtractDecoder }> {
  const decoder = new ExtractDecoder();
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks, { objectMode: false }).pipe(decoder)) out.push(chunk as Buffer);
  return { text: Buffer.concat(out).toString("utf8"), decoder };
}

const cp1252 = (text: string) => Buffer.from(text, "latin1");

test("ASCII passes through and stays ASCII", async () => {
  const { text, decoder } = await decode(Buffer.from("a,b\r\n1,2\r\n"));
  assert.equal(text, "a,b\r\n1,2\r\n");
  assert.equal(decoder.encoding, "ascii");
});

test("Windows-1252 letters, the euro sign and non-breaking spaces become UTF-8", async () => {
  const { text, decoder } = await decode(Buffer.from([0x4d, 0xe8, 0x72, 0x65, 0xa0, 0x2c, 0x80]));
  assert.equal(text, "Mère\u00a0,€");
  assert.equal(decoder.encoding, "cp1252");
  assert.equal(decoder.faultCount, 0);
});

test("UTF-8 is recognised by its first non-ASCII letter, even split across chunks", async () => {
  const bytes = Buffer.from("Köln,Constitución\n", "utf8");
  const { text, decoder } = await decode(bytes.subarray(0, 2), bytes.subarray(2, 13), bytes.subarray(13));
  assert.equal(text, "Köln,Constitución\n");
  assert.equal(decoder.encoding, "utf8");
  assert.equal(decoder.faultCount, 0);
});

test("a BOM says UTF-8 and is dropped", async () => {
  const { text, decoder } = await decode(Buffer.from("\ufeffCustomerID\n1\n", "utf8"));
  assert.equal(text, "CustomerID\n1\n");
  assert.equal(decoder.encoding, "utf8-bom");
});

test("bytes undefined in Windows-1252 are faults at their offset", async () => {
  const { decoder } = await decode(cp1252("Caf\xe9\n\x81x\n\x9d"));
  assert.equal(decoder.encoding, "cp1252");
  assert.deepEqual(
    decoder.faults.map((f) => [f.offset, f.bytes]),
    [
      [5, "0x81"],
      [8, "0x9D"],
    ],
  );
  assert.match(decoder.faults[0].rule, /not valid UTF-8 nor Windows-1252/);
});

test("UTF-8 sequences in a Windows-1252 file are faults, but a letter before the 0xA0 padding is not", async () => {
  const { decoder } = await decode(cp1252("Caf\xe9,IRM\xc3\xa0,\xc3\xa9t\xc3\xa9"));
  assert.deepEqual(
    decoder.faults.map((f) => [f.offset, f.bytes]),
    [
      [11, "0xC3 0xA9"],
      [14, "0xC3 0xA9"],
    ],
  );
  assert.match(decoder.faults[0].rule, /mixes encodings/);
});

test("a stray byte in a UTF-8 file is a fault and becomes U+FFFD", async () => {
  const { text, decoder } = await decode(Buffer.concat([Buffer.from("Köln\n", "utf8"), cp1252("Qu\xe9bec\n")]));
  assert.equal(text, "Köln\nQu\ufffdbec\n");
  assert.deepEqual(
    decoder.faults.map((f) => [f.offset, f.bytes]),
    [[8, "0xE9"]],
  );
  assert.match(
    decoder.faults[0].rule,
    /not valid UTF-8 in a file that is otherwise UTF-8 \(in Windows-1252 it is "é"\)/,
  );
});

test("a UTF-8 sequence cut at the end of the file is a fault", async () => {
  const { decoder } = await decode(Buffer.from("é\n", "utf8"), Buffer.from([0xc3]));
  assert.deepEqual(
    decoder.faults.map((f) => [f.offset, f.bytes]),
    [[3, "0xC3"]],
  );
});

const dir = mkdtempSync(join(tmpdir(), "encoding-"));
after(() => rmSync(dir, { recursive: true, force: true }));

test("linesAt finds the line and text of byte offsets", async () => {
  const path = join(dir, "lines.csv");
  writeFileSync(path, cp1252("a,b\r\n1,2\r\n3,Qu\xe9bec\r\n4,5"));
  assert.deepEqual(
    (await linesAt(path, [12, 0, 21])).map((l) => [l.line, l.bytes.toString("latin1")]),
    [
      [3, "3,Qu\xe9bec\r"],
      [1, "a,b\r"],
      [4, "4,5"],
    ],
  );
});

test("a Windows-1252 letter that looks like the start of UTF-8 at a chunk's end waits for the next chunk", async () => {
  const { text, decoder } = await decode(cp1252("Caf\xe9"), cp1252(" au lait"));
  assert.equal(text, "Café au lait");
  assert.equal(decoder.encoding, "cp1252");
  assert.equal(decoder.faultCount, 0);
});

test("a UTF-8 letter split at a chunk's end before anything decided is still UTF-8", async () => {
  const bytes = Buffer.from("Cafés", "utf8");
  const { text, decoder } = await decode(bytes.subarray(0, 4), bytes.subarray(4));
  assert.equal(text, "Cafés");
  assert.equal(decoder.encoding, "utf8");
});
