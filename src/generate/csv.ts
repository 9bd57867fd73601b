/**
 * A CSV file written the way IT writes the extract: CRLF line ends, fields
 * quoted only when they must be, in UTF-8 (no BOM) or cp1252.
 *
 * Text goes out through a 1 MB buffer with synchronous writes: the generator
 * is a batch job with nothing else to do meanwhile, and it keeps memory flat
 * however many rows pass through.
 */

import { closeSync, openSync, writeSync } from "node:fs";
import { stringify, type Options } from "csv-stringify/sync";
import iconv from "iconv-lite";

export type Encoding = "utf8" | "cp1252";

const BUFFER_BYTES = 1 << 20;
const RECORDS_PER_BATCH = 1000;

const CSV_OPTIONS: Options = {
  record_delimiter: "windows",
  // With an explicit record delimiter csv-stringify stops quoting a lone "\n"
  // in a field; a note with a line break must still stay one field.
  quote_record_delimiter: true,
};

export class CsvFile {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private records: string[][] = [];
  /** Rows written so far, not counting the header. */
  rows = 0;

  constructor(
    readonly path: string,
    private readonly encoding: Encoding,
    header: readonly string[],
  ) {
    this.fd = openSync(path, "w");
    this.write(this.encode(stringify([[...header]], CSV_OPTIONS)));
  }

  /** A row of text that may need quoting: names, addresses, notes. */
  record(fields: readonly string[]): void {
    this.records.push([...fields]);
    this.rows++;
    if (this.records.length >= RECORDS_PER_BATCH) this.stringifyRecords();
  }

  /**
   * A row already joined with commas, for rows of numbers and M/D/YYYY dates
   * only: ASCII that never needs quoting, and the same bytes in both
   * encodings. Orders and order lines, the bulk of the data, go this way and
   * straight into the byte buffer, without the quoting checks or the garbage
   * of growing a string.
   */
  line(text: string): void {
    if (this.records.length > 0) this.stringifyRecords();
    if (this.used + text.length + 2 > BUFFER_BYTES) this.flush();
    // A plain loop beats Buffer#write's per-call overhead on lines this short.
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    buffer[at++] = 13; // CR
    buffer[at++] = 10; // LF
    this.used = at;
    this.rows++;
  }

  close(): void {
    this.stringifyRecords();
    this.flush();
    closeSync(this.fd);
  }

  private stringifyRecords(): void {
    if (this.records.length === 0) return;
    this.write(this.encode(stringify(this.records, CSV_OPTIONS)));
    this.records = [];
  }

  private encode(text: string): Buffer {
    return this.encoding === "cp1252" ? iconv.encode(text, "win1252") : Buffer.from(text, "utf8");
  }

  private write(bytes: Buffer): void {
    if (this.used + bytes.length > BUFFER_BYTES) this.flush();
    if (bytes.length > BUFFER_BYTES) writeAll(this.fd, bytes);
    else this.used += bytes.copy(this.buffer, this.used);
  }

  private flush(): void {
    writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written);
}
