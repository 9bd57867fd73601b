import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { basename } from "node:path";
import { pipeline } from "node:stream/promises";
import { parse } from "csv-parse";
import iconv from "iconv-lite";

/**
 * Reads an extract as IT delivers it: UTF-8 (with or without BOM) or
 * Windows-1252, CRLF or LF, quoted fields holding commas, quotes and line
 * breaks, values padded with blanks and non-breaking spaces.
 */

export type Encoding = "utf8" | "utf8-bom" | "cp1252";

export interface Record {
  /** Line in the file where the record starts (the header is line 1). */
  line: number;
  /** Trimmed values by lower-cased header. */
  values: Map<string, string>;
  /** How many fields the line held (differs from the header's on a truncated row). */
  fields: number;
}

export interface ExtractHeader {
  file: string;
  encoding: Encoding;
  /** Headers as written, trimmed. */
  headers: string[];
}

/** How many bytes are sniffed to choose the encoding. */
const SNIFF_BYTES = 1 << 20;

/** UTF-8 when the bytes decode as UTF-8, Windows-1252 otherwise; a BOM settles it. */
export async function detectEncoding(path: string): Promise<Encoding> {
  const handle = await open(path, "r");
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    const head = buffer.subarray(0, bytesRead);
    if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf8-bom";
    return isUtf8(head, bytesRead === SNIFF_BYTES) ? "utf8" : "cp1252";
  } finally {
    await handle.close();
  }
}

function isUtf8(bytes: Buffer, truncated: boolean): boolean {
  try {
    // A multi-byte character cut by the sniff window is not a fault.
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: truncated });
    return true;
  } catch {
    return false;
  }
}

/** Trims blanks and non-breaking spaces (JavaScript's \s covers U+00A0). */
export function clean(value: string): string {
  return value.replace(/^\s+|\s+$/g, "");
}

/**
 * Streams the records of a CSV file in batches. `onHeader` sees the header
 * before the first record, so the caller can check columns early.
 */
export async function* readExtract(
  path: string,
  options: { encoding?: Encoding; batchSize?: number; onHeader?: (header: ExtractHeader) => void } = {},
): AsyncGenerator<Record[]> {
  const encoding = options.encoding ?? (await detectEncoding(path));
  const batchSize = options.batchSize ?? 10_000;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    info: true,
  });
  const source = createReadStream(path);
  const decoder = iconv.decodeStream(encoding === "cp1252" ? "win1252" : "utf8");
  const piping = pipeline(source, decoder, parser).catch((error: unknown) => {
    parser.destroy(error as Error);
  });

  let headers: string[] | undefined;
  let batch: Record[] = [];
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!headers) {
      headers = record.map(clean);
      options.onHeader?.({ file: basename(path), encoding, headers });
      continue;
    }
    const values = new Map<string, string>();
    headers.forEach((h, i) => values.set(h.toLowerCase(), clean(record[i] ?? "")));
    // info.lines is the line the record ends on; multi-line records start earlier.
    batch.push({ line: info.lines - countLineBreaks(record), values, fields: record.length });
    if (batch.length >= batchSize) {
      yield batch;
      batch = [];
    }
  }
  await piping;
  if (!headers) options.onHeader?.({ file: basename(path), encoding, headers: [] });
  if (batch.length) yield batch;
}

function countLineBreaks(record: string[]): number {
  let n = 0;
  for (const field of record) for (let i = field.indexOf("\n"); i !== -1; i = field.indexOf("\n", i + 1)) n++;
  return n;
}
