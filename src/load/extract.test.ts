import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { ExtractReader } from "./extract.js";

const dir = mkdtempSync(join(tmpdir(), "extract-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

async function read(bytes: Buffer | string, batchSize?: number) {
  const path = join(dir, "file.csv");
  writeFileSync(path, bytes);
  const reader = new ExtractReader(path, { batchSize });
  const records: string[][] = [];
  const lines: number[] = [];
  for await (const batch of reader.batches()) {
    records.push(...batch.records);
    lines.push(...batch.lines);
  }
  return { reader, records, lines };
}

test("reads the header apart, trimmed, and the records with their lines", async () => {
  const { reader, records, lines } = await read(" ID ,Name\xa0\r\n1,Ann\r\n2,Bob\r\n", 1);
  assert.deepEqual(reader.header, ["ID", "Name"]);
  assert.equal(reader.lineEnding, "CRLF");
  assert.deepEqual(records, [
    ["1", "Ann"],
    ["2", "Bob"],
  ]);
  assert.deepEqual(lines, [2, 3]);
});

test("quoted fields keep commas, doubled quotes and line breaks, and later lines stay right", async () => {
  const { records, lines, reader } = await read('a,b\n1,"x, ""y""\r\nz"\n2,"p\nq\nr"\n\n3,s');
  assert.equal(reader.lineEnding, "LF");
  assert.deepEqual(records, [["1", 'x, "y"\r\nz'], ["2", "p\nq\nr"], [""], ["3", "s"]]);
  assert.deepEqual(lines, [2, 4, 7, 8]);
});

test("a CRLF inside quotes counts as one line", async () => {
  const { lines } = await read('a,b\r\n1,"x\r\ny\r\nz"\r\n2,w\r\n');
  assert.deepEqual(lines, [2, 5]);
});

test("rows of any width come through, for the validator to judge", async () => {
  const { records } = await read("a,b,c\n1,2\n1,2,3,4\n");
  assert.deepEqual(records, [
    ["1", "2"],
    ["1", "2", "3", "4"],
  ]);
});

test("a broken quote is a syntax fault with the line of its record", async () => {
  const { reader } = await read('a,b\n1,x\n2,"never closed\n3,y\n');
  assert.deepEqual(reader.syntax, {
    line: 3,
    message: "a quoted field starting here is never closed (a missing closing quote?)",
  });
});

test("an empty file has an empty header", async () => {
  const { reader, records } = await read("");
  assert.equal(reader.header, undefined);
  assert.deepEqual(records, []);
});
