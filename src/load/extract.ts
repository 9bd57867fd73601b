import { createReadStream } from "node:fs";
import { basename } from "node:path";
import { pipeline } from "node:stream/promises";
import { CsvError, Parser } from "csv-parse";
import { ENCODING_NAMES, ExtractDecoder, type Encoding, type EncodingFault } from "./encoding.js";

/**
 * Reads an extract as IT delivers it: UTF-8 (with or without BOM) or
 * Windows-1252, CRLF or LF, quoted fields holding commas, quotes and line
 * breaks. Records come in batches, each with the line of the file it starts
 * on; values are as written (the caller trims them).
 */

export type { Encoding, EncodingFault };
export { ENCODING_NAMES };

export interface ExtractBatch {
  /** Fields as written, one array per record. */
  records: string[][];
  /** Line in the file where each record starts (the header is line 1). */
  lines: number[];
}

export interface SyntaxFault {
  line: number;
  message: string;
}

/** Trims blanks and non-breaking spaces (String.prototype.trim covers U+00A0 and U+FEFF). */
export function clean(value: string): string {
  return value.trim();
}

/**
 * One extract file, read once. After `batches()` ends, `encoding`, `faults`
 * and `syntax` say what the bytes and the CSV structure were like.
 */
export class ExtractReader {
  readonly file: string;
  /** Header fields, trimmed; undefined until read, empty for an empty file. */
  header: string[] | undefined;
  /** "CRLF" or "LF", as the header line ends. */
  lineEnding: "CRLF" | "LF" | undefined;
  syntax: SyntaxFault | undefined;
  private readonly decoder: ExtractDecoder;

  constructor(
    readonly path: string,
    private readonly options: { batchSize?: number; faultLimit?: number } = {},
  ) {
    this.file = basename(path);
    this.decoder = new ExtractDecoder(options.faultLimit);
  }

  get encoding(): Encoding {
    return this.decoder.encoding;
  }

  get faults(): readonly EncodingFault[] {
    return this.decoder.faults;
  }

  get faultCount(): number {
    return this.decoder.faultCount;
  }

  /** The records after the header, in batches. */
  async *batches(): AsyncGenerator<ExtractBatch> {
    const parser = new LineParser(this.options.batchSize ?? 2048);
    const source = createReadStream(this.path, { highWaterMark: 1 << 20 });
    // Errors surface through the parser's iterator; the pipeline's own promise
    // is only awaited so none goes unhandled.
    const piping = pipeline(source, this.decoder, parser).catch(() => undefined);
    try {
      for await (const batch of parser as AsyncIterable<ExtractBatch>) {
        this.header ??= parser.header;
        yield batch;
      }
    } catch (error) {
      if (!(error instanceof CsvError)) throw error;
      this.syntax = { line: parser.nextLine, message: describeCsvError(error) };
    } finally {
      source.destroy();
      await piping;
      this.header ??= parser.header;
      this.lineEnding = parser.lineEnding;
    }
  }
}

/**
 * csv-parse with each record stamped with its line. Records are pushed as
 * they are parsed, so `push` is the one moment the parser's line count
 * belongs to the record; asking csv-parse for `info` per record instead
 * costs an object per record and triples the parse time. The count is only
 * trusted to say "this record spans several lines": csv-parse counts a CRLF
 * inside quotes twice, so those records count their own line breaks.
 */
class LineParser extends Parser {
  /** The first record, trimmed. */
  header: string[] | undefined;
  lineEnding: "CRLF" | "LF" | undefined;
  private records: string[][] = [];
  private lines: number[] = [];
  private parserLine = 0;
  private lastLine = 0;

  constructor(private readonly batchSize: number) {
    super({ relax_column_count: true, skip_empty_lines: false, bom: false });
  }

  /** The line the next record would start on. */
  get nextLine(): number {
    return this.lastLine + 1;
  }

  override push(record: unknown): boolean {
    if (record === null) {
      this.flushBatch();
      return super.push(null);
    }
    const fields = record as string[];
    const start = this.lastLine + 1;
    const parserLine = this.info.lines;
    this.lastLine = parserLine - this.parserLine > 1 ? start + lineBreaks(fields) : start;
    this.parserLine = parserLine;
    if (this.lineEnding === undefined) {
      const delimiter = this.options.record_delimiter[0];
      if (delimiter) this.lineEnding = delimiter.toString() === "\r\n" ? "CRLF" : "LF";
    }
    if (this.header === undefined) {
      this.header = fields.map(clean);
      return true;
    }
    this.records.push(fields);
    this.lines.push(start);
    if (this.records.length >= this.batchSize) this.flushBatch();
    return true;
  }

  private flushBatch(): void {
    if (this.records.length === 0) return;
    super.push({ records: this.records, lines: this.lines } satisfies ExtractBatch);
    this.records = [];
    this.lines = [];
  }
}

function lineBreaks(fields: string[]): number {
  let n = 0;
  for (const field of fields) n += field.match(/\r\n|\r|\n/g)?.length ?? 0;
  return n;
}

function describeCsvError(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field starting here is never closed (a missing closing quote?)";
    case "CSV_INVALID_CLOSING_QUOTE":
      return 'a closing quote is followed by other characters (a quote inside a quoted field must be doubled: "")';
    case "INVALID_OPENING_QUOTE":
      return 'a quote appears inside an unquoted field (quote the whole field and double the quote: "")';
    default:
      return `the CSV structure is broken: ${error.message}`;
  }
}
