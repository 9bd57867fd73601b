import { isAscii, isUtf8 } from "node:buffer";
import { createReadStream } from "node:fs";
import { Transform, type TransformCallback } from "node:stream";
import { TextDecoder } from "node:util";
import iconv from "iconv-lite";

/**
 * Turns an extract's bytes into UTF-8 for the CSV parser, whatever IT saved
 * it as: UTF-8, UTF-8 with a BOM, or Windows-1252. The first non-ASCII byte
 * decides (a BOM decides at once); every later byte that contradicts the
 * choice is a fault, recorded by its offset in the file so the loader can
 * name the line. ASCII and valid UTF-8 chunks pass through untouched, which
 * keeps the common case at memory speed.
 */

export type Encoding = "ascii" | "utf8" | "utf8-bom" | "cp1252" | "utf16le-bom" | "utf16be-bom";

export const ENCODING_NAMES: Record<Encoding, string> = {
  ascii: "ASCII",
  utf8: "UTF-8",
  "utf8-bom": "UTF-8 with BOM",
  cp1252: "Windows-1252",
  "utf16le-bom": "UTF-16 LE with BOM",
  "utf16be-bom": "UTF-16 BE with BOM",
};

export interface EncodingFault {
  /** Byte offset in the file. */
  offset: number;
  /** The offending bytes, as written: `0x81` or `0xC3 0xA9`. */
  bytes: string;
  rule: string;
}

/** Bytes Windows-1252 leaves undefined: no text editor writes them. */
const UNDEFINED_BYTES = new Set([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
const CP1252_UNDEFINED = "\\x81\\x8D\\x8F\\x90\\x9D";

/**
 * Over a Windows-1252 file read as latin1 text: the undefined bytes, and
 * multi-byte UTF-8 sequences (`Ã©` for é), which mean part of the file was
 * saved as UTF-8. A two-byte sequence ending in 0xA0 is left alone: in these
 * extracts every field ends with a non-breaking space (0xA0), so a name ending
 * in Â or Ã would otherwise read as UTF-8.
 */
const CP1252_FAULTS = new RegExp(
  `([${CP1252_UNDEFINED}])|([\\xC2-\\xDF][\\x80-\\x9F\\xA1-\\xBF]|[\\xE0-\\xEF][\\x80-\\xBF]{2}|[\\xF0-\\xF4][\\x80-\\xBF]{3})`,
  "g",
);

/** Over a UTF-8 file read as latin1 text: well-formed sequences, or (group 1) one byte that is not. */
const UTF8_TOKENS =
  // eslint-disable-next-line no-control-regex -- the UTF-8 grammar starts at byte 0
  /[\x00-\x7F]+|[\xC2-\xDF][\x80-\xBF]|\xE0[\xA0-\xBF][\x80-\xBF]|[\xE1-\xEC\xEE\xEF][\x80-\xBF]{2}|\xED[\x80-\x9F][\x80-\xBF]|\xF0[\x90-\xBF][\x80-\xBF]{2}|[\xF1-\xF3][\x80-\xBF]{3}|\xF4[\x80-\x8F][\x80-\xBF]{2}|([\s\S])/g;

const REPLACEMENT = Buffer.from("\uFFFD", "utf8");

export class ExtractDecoder extends Transform {
  /** What the file turned out to be; "ascii" until a byte says otherwise. */
  encoding: Encoding = "ascii";
  /** The first faults (at most `limit`), and how many there were in all. */
  readonly faults: EncodingFault[] = [];
  faultCount = 0;

  /** File offset of the next byte not yet passed on (a carried sequence starts here). */
  private offset = 0;
  /** Bytes of a UTF-8 sequence cut by the chunk boundary. */
  private carry: Buffer | undefined;
  private started = false;
  /** For a UTF-16 file (SSMS's "Unicode" export): decodes across chunk boundaries. */
  private utf16: TextDecoder | undefined;

  constructor(private readonly limit = 50) {
    super({ readableHighWaterMark: 1 << 20, writableHighWaterMark: 1 << 20 });
  }

  override _transform(chunk: Buffer, _: BufferEncoding, done: TransformCallback): void {
    if (!this.started) {
      this.started = true;
      // A UTF-16 BOM: SQL Server Management Studio's "Unicode" export. Read as one byte a character it gives NULs.
      if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
        this.encoding = chunk[0] === 0xff ? "utf16le-bom" : "utf16be-bom";
        this.utf16 = new TextDecoder(chunk[0] === 0xff ? "utf-16le" : "utf-16be", { ignoreBOM: false });
      }
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        this.encoding = "utf8-bom";
        chunk = chunk.subarray(3);
        this.offset = 3;
      }
    }
    if (this.utf16) {
      this.offset += chunk.length;
      return done(null, Buffer.from(this.utf16.decode(chunk, { stream: true }), "utf8"));
    }
    if (this.carry) {
      // `offset` already points at the carried bytes.
      chunk = Buffer.concat([this.carry, chunk]);
      this.carry = undefined;
    }
    const start = this.offset;
    this.offset += chunk.length;
    if (this.encoding === "ascii") {
      if (isAscii(chunk)) return done(null, chunk);
      const first = firstNonAscii(chunk);
      const utf8 = startsUtf8(chunk, first);
      if (utf8 === undefined) {
        // The deciding letter is cut by the chunk's end: decide with the next chunk.
        this.carry = Buffer.from(chunk.subarray(first));
        this.offset = start + first;
        return done(null, chunk.subarray(0, first));
      }
      this.encoding = utf8 ? "utf8" : "cp1252";
    }
    done(null, this.encoding === "cp1252" ? this.fromCp1252(chunk, start) : this.fromUtf8(chunk, start, false));
  }

  override _flush(done: TransformCallback): void {
    if (this.utf16) {
      const rest = this.utf16.decode();
      if (rest) this.push(Buffer.from(rest, "utf8"));
      return done();
    }
    const rest = this.carry;
    this.carry = undefined;
    if (rest && this.encoding === "ascii") this.encoding = "cp1252"; // a lone lead byte at the very end
    if (rest)
      this.push(
        this.encoding === "cp1252" ? this.fromCp1252(rest, this.offset) : this.fromUtf8(rest, this.offset, true),
      );
    done();
  }

  private fromUtf8(chunk: Buffer, start: number, last: boolean): Buffer {
    let body = chunk;
    if (!last) {
      const cut = incompleteTail(chunk);
      if (cut > 0) {
        this.carry = Buffer.from(chunk.subarray(chunk.length - cut));
        this.offset -= cut;
        body = chunk.subarray(0, chunk.length - cut);
      }
    }
    if (isUtf8(body)) return body;
    // Rare path: replace each stray byte with U+FFFD and remember where it was.
    const text = body.toString("latin1");
    const parts: Buffer[] = [];
    let from = 0;
    for (const m of text.matchAll(UTF8_TOKENS)) {
      if (m[1] === undefined) continue;
      const at = m.index;
      parts.push(body.subarray(from, at), REPLACEMENT);
      from = at + 1;
      const byte = body[at];
      this.fault(
        start + at,
        [byte],
        UNDEFINED_BYTES.has(byte)
          ? "is not valid UTF-8 nor Windows-1252"
          : `is not valid UTF-8 in a file that is otherwise UTF-8 (in Windows-1252 it is "${iconv.decode(Buffer.from([byte]), "win1252")}"): the file mixes encodings`,
      );
    }
    parts.push(body.subarray(from));
    return Buffer.concat(parts);
  }

  private fromCp1252(chunk: Buffer, start: number): Buffer {
    const text = chunk.toString("latin1");
    for (const m of text.matchAll(CP1252_FAULTS)) {
      const bytes = [...m[0]].map((c) => c.charCodeAt(0));
      this.fault(
        start + m.index,
        bytes,
        m[1] !== undefined
          ? "is not valid UTF-8 nor Windows-1252 (it is undefined in Windows-1252)"
          : `are UTF-8 ("${Buffer.from(bytes).toString("utf8")}") in a file that is otherwise Windows-1252: the file mixes encodings`,
      );
    }
    return Buffer.from(iconv.decode(chunk, "win1252"), "utf8");
  }

  /** `rule` reads after the bytes: "byte 0x81 " + rule. */
  private fault(offset: number, bytes: number[], rule: string): void {
    this.faultCount++;
    if (this.faults.length >= this.limit) return;
    const hex = bytes.map((b) => `0x${b.toString(16).toUpperCase().padStart(2, "0")}`).join(" ");
    this.faults.push({ offset, bytes: hex, rule: `${bytes.length > 1 ? "bytes" : "byte"} ${hex} ${rule}` });
  }
}

function firstNonAscii(chunk: Buffer): number {
  for (let i = 0; i < chunk.length; i++) if (chunk[i] >= 0x80) return i;
  return -1;
}

/** Whether the bytes at `i` begin a well-formed UTF-8 sequence; undefined when the chunk ends too soon to tell. */
function startsUtf8(chunk: Buffer, i: number): boolean | undefined {
  const length = sequenceLength(chunk[i]);
  if (length === 0) return false;
  const end = Math.min(i + length, chunk.length);
  for (let j = i + 1; j < end; j++) if ((chunk[j] & 0xc0) !== 0x80) return false;
  return end - i === length ? isUtf8(chunk.subarray(i, end)) : undefined;
}

function sequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** How many bytes at the end of `chunk` start a UTF-8 sequence the next chunk completes. */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back];
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back
    const length = sequenceLength(byte);
    return length > back ? back : 0;
  }
  return 0;
}

export interface LineAt {
  line: number;
  /** The line's first 200 bytes, as written. */
  bytes: Buffer;
}

/**
 * Line numbers (1-based) and text of byte offsets in a file. It re-reads the
 * file, which only happens when a load already failed on encoding faults.
 */
export async function linesAt(path: string, offsets: readonly number[]): Promise<LineAt[]> {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const found = new Map<number, LineAt>();
  let line = 1;
  let chunkStart = 0;
  let head: Buffer[] = []; // the current line's first bytes, enough to show it
  let headLength = 0;
  let pending: number[] = [];
  let next = 0;
  const endLine = () => {
    const bytes = Buffer.concat(head);
    for (const offset of pending) found.set(offset, { line, bytes });
    pending = [];
    head = [];
    headLength = 0;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    for (let from = 0; from < chunk.length;) {
      const newline = chunk.indexOf(10, from);
      const end = newline === -1 ? chunk.length : newline;
      while (next < wanted.length && wanted[next] < chunkStart + end) pending.push(wanted[next++]);
      if (headLength < 200) {
        head.push(chunk.subarray(from, Math.min(end, from + 200 - headLength)));
        headLength += Math.min(end - from, 200 - headLength);
      }
      if (newline === -1) break;
      endLine();
      line++;
      from = newline + 1;
      if (next === wanted.length) break;
    }
    chunkStart += chunk.length;
    if (next === wanted.length && pending.length === 0) break;
  }
  endLine();
  return offsets.map((o) => found.get(o) ?? { line, bytes: Buffer.alloc(0) });
}
