import { isAscii, isUtf8 } from "node:buffer";
import { closeSync, existsSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { TABLES } from "../load/schema.js";

/**
 * What the extract files look like byte by byte — encoding, line endings,
 * padding — which the warehouse cannot tell any more: the loader decodes and
 * trims every value. Large files are judged on their first MiB: a sample, and
 * the figures say so.
 */

const SAMPLE_BYTES = 1 << 20;

export interface FileFacts {
  file: string;
  bytes: number;
  /** True when the whole file was read, false when only its first MiB. */
  whole: boolean;
  encoding: "ASCII" | "UTF-8" | "UTF-8 with BOM" | "Windows-1252";
  line_endings: "CRLF" | "LF" | "mixed" | "none";
  /** Data records read (the header excluded). */
  records: number;
  fields: number;
  /** Fields ending in a non-breaking space (U+00A0), invisible in most viewers. */
  trailing_nbsp: number;
  /** Fields starting or ending in an ordinary space. */
  padded: number;
  /** Fields holding letters outside ASCII (é, ö, ñ...). */
  non_ascii: number;
  /** A few of those values, trimmed, to show the decoding worked. */
  examples: string[];
  /** Set when the sample could not be parsed as CSV. */
  problem?: string;
}

/** Facts for every extract file found in `dataDir` (missing optional files are skipped). */
export function extractFacts(dataDir: string): FileFacts[] {
  return TABLES.map((t) => join(dataDir, t.file))
    .filter((path) => existsSync(path))
    .map(fileFacts);
}

export function fileFacts(path: string): FileFacts {
  const bytes = statSync(path).size;
  const whole = bytes <= SAMPLE_BYTES;
  let sample = readStart(path, Math.min(bytes, SAMPLE_BYTES));
  // Cut a sample at its last line break: no half character, no half record.
  if (!whole) sample = sample.subarray(0, sample.lastIndexOf(0x0a) + 1);
  const bom = sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf;
  const encoding: FileFacts["encoding"] = bom
    ? "UTF-8 with BOM"
    : isAscii(sample)
      ? "ASCII"
      : isUtf8(sample)
        ? "UTF-8"
        : "Windows-1252";
  const text =
    encoding === "Windows-1252" ? iconv.decode(sample, "win1252") : sample.toString("utf8").replace(/^\uFEFF/, "");
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  const facts: FileFacts = {
    file: path.split(/[\\/]/).pop()!,
    bytes,
    whole,
    encoding,
    line_endings: crlf && lf ? "mixed" : crlf ? "CRLF" : lf ? "LF" : "none",
    records: 0,
    fields: 0,
    trailing_nbsp: 0,
    padded: 0,
    non_ascii: 0,
    examples: [],
  };
  let records: string[][];
  try {
    records = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
  } catch (error) {
    return { ...facts, problem: (error as Error).message };
  }
  facts.records = Math.max(0, records.length - 1);
  for (const record of records.slice(1)) {
    for (const field of record) {
      facts.fields += 1;
      if (field.endsWith("\u00a0")) facts.trailing_nbsp += 1;
      if (/^ | $/.test(field.replace(/\u00a0+$/, ""))) facts.padded += 1;
      // eslint-disable-next-line no-control-regex -- any byte outside ASCII, NUL included, is the point
      if (/[^\x00-\x7f\u00a0]/.test(field)) {
        facts.non_ascii += 1;
        const value = field.trim();
        if (facts.examples.length < 3 && !facts.examples.includes(value)) facts.examples.push(value);
      }
    }
  }
  return facts;
}

function readStart(path: string, length: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}
