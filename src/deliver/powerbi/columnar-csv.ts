import { open, type FileHandle } from "node:fs/promises";
import { BOM, cell } from "./cells.js";
import type { ColumnarRows, ColumnType, StarTable } from "./star-table.js";

/**
 * Writes columns (a million customers' answers, the calendar) as a CSV with
 * the table's header, straight into a reused buffer: no row object, and no
 * string per cell except a double's own digits. The rule is csv-stringify's
 * (RFC 4180: a field holding a comma, a quote or a line break is quoted, its
 * quotes doubled), whose per-row work took 2.5 s of CPU for 481,000
 * customers (the 10M-line data set); building each line as a string still
 * took 1.2 s, most of it garbage collection; this writer took 1.5-2 s of
 * CPU until each column kept its numbers apart from its other values
 * (`ColumnWriter`), then 1.1-1.5 s. `spreadsheet: false` (and no
 * BOM) only for the plain CSV a Parquet file is converted from; `guarded`
 * counts the text cells the spreadsheet guard changed (none: the file is the
 * plain CSV but for its BOM).
 */
export async function writeColumnarCsv(
  table: StarTable,
  rows: ColumnarRows,
  path: string,
  options: { spreadsheet?: boolean } = {},
): Promise<{ guarded: number }> {
  const guard = options.spreadsheet !== false;
  const columns = table.columns.map((c): ColumnWriter => {
    const values = rows.columns[c.name];
    if (!values) throw new Error(`Power BI table ${table.name}: no values for column ${c.name}`);
    const numeric = NUMERIC.has(c.type);
    const typed = numeric && values instanceof Float64Array;
    return {
      typed,
      numeric,
      decimal: c.type === "decimal",
      numbers: typed ? values : NO_NUMBERS,
      values: typed ? NO_VALUES : values,
      type: c.type,
      fields: new Map(),
    };
  });
  const file = await open(path, "w");
  try {
    const out = new Output(file, columns.length * MAX_NUMBER_BYTES);
    out.text((guard ? BOM : "") + table.columns.map((c) => quoted(c.name)).join(",") + "\n");
    const tally = { guarded: 0 };
    // At least once: a table without rows is its header.
    let next = 0;
    do {
      next = writeRows(out, columns, next, rows.length, guard, tally);
      await out.drain();
    } while (next < rows.length);
    return { guarded: tally.guarded };
  } finally {
    await file.close();
  }
}

/**
 * Rows from `from` until the buffer is full or `to` is reached; returns the next row. The loop is a function of its
 * own, apart from the awaits: in one async function V8 compiled the whole of it on reaching the loop and threw the code
 * away on leaving it, for code that had not run yet (10 compiles in a run at ten million order lines).
 */
function writeRows(
  out: Output,
  columns: ColumnWriter[],
  from: number,
  to: number,
  guard: boolean,
  tally: { guarded: number },
): number {
  let i = from;
  for (; i < to && !out.full; i++) {
    for (let j = 0; j < columns.length; j++) {
      if (j > 0) out.byte(COMMA);
      const c = columns[j];
      if (c.typed) {
        out.number(c.numbers[i], c.decimal);
        continue;
      }
      const value = c.values[i];
      if (typeof value === "number" && c.numeric) {
        out.number(value, c.decimal);
        continue;
      }
      // Text, dates and booleans repeat (tiers, segments, cluster names): each distinct value is formatted once.
      let field = c.fields.get(value);
      if (!field) {
        field = format(value, c.type, guard);
        if (c.fields.size < MEMO_LIMIT) c.fields.set(value, field);
      }
      if (field.guarded) tally.guarded++;
      out.bytes(field.bytes);
    }
    out.byte(NEWLINE);
  }
  return i;
}

/**
 * One column as the writer walks it. Every column has the same shape, and a
 * column of numbers in a Float64Array is read through `numbers` only: the
 * loop over a row's cells then reads one kind of array at each place, which
 * V8 compiles to a plain load (a single `values[i]` over typed arrays and
 * plain arrays alike was a generic lookup: a quarter of the writer's time).
 */
interface ColumnWriter {
  /** A numeric column whose values are a Float64Array, read through `numbers`; any other reads `values`. */
  typed: boolean;
  numeric: boolean;
  /** Money: written to the cent. */
  decimal: boolean;
  numbers: Float64Array;
  values: ColumnarRows["columns"][string];
  type: ColumnType;
  fields: Map<unknown, Field>;
}

const NUMERIC: ReadonlySet<ColumnType> = new Set(["integer", "double", "decimal"]);
const NO_NUMBERS = new Float64Array(0);
const NO_VALUES: ColumnarRows["columns"][string] = [];
/** The longest text of a double: "-1.2345678901234567e-308". */
const MAX_NUMBER_BYTES = 25;

interface Field {
  bytes: Buffer;
  /** The spreadsheet guard changed the text. */
  guarded: boolean;
}

/** Distinct values remembered per column: enough for any label, not a copy of a column of names. */
const MEMO_LIMIT = 10_000;
const COMMA = 0x2c;
const NEWLINE = 0x0a;
const ZERO = 0x30;
const MINUS = 0x2d;
const NEEDS_QUOTES = /[",\r\n]/;

function format(value: ColumnarRows["columns"][string][number], type: ColumnType, guard: boolean): Field {
  const written = cell(value, type, guard);
  return {
    bytes: Buffer.from(written === null ? "" : quoted(String(written))),
    guarded: type === "text" && typeof value === "string" && written !== value,
  };
}

function quoted(text: string): string {
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The file's next bytes, written out a megabyte or so at a time (the buffer is
 * reused). `full` leaves room for a whole row of numbers, so numbers are
 * written without checking; a field of text checks its own length.
 */
class Output {
  private buffer: Buffer;
  private at = 0;
  private readonly slack: number;

  constructor(
    private readonly file: FileHandle,
    rowOfNumbers: number,
  ) {
    this.slack = (1 << 16) + rowOfNumbers;
    this.buffer = Buffer.allocUnsafe(Math.max(1 << 20, 2 * this.slack));
  }

  /** True when the buffer should go to the file before the next line. */
  get full(): boolean {
    return this.at > this.buffer.length - this.slack;
  }

  async drain(): Promise<void> {
    for (let from = 0; from < this.at;) from += (await this.file.write(this.buffer, from, this.at - from)).bytesWritten;
    this.at = 0;
  }

  byte(b: number): void {
    this.buffer[this.at++] = b;
  }

  bytes(b: Buffer): void {
    this.room(b.length);
    // A label's few bytes are copied here; a native copy costs more than the loop below 32 bytes.
    if (b.length < 32) for (let k = 0; k < b.length; k++) this.buffer[this.at++] = b[k];
    else this.at += b.copy(this.buffer, this.at);
  }

  /** A number in a numeric column: its own text, never quoted; NaN is empty; money to the cent. */
  number(value: number, decimal: boolean): void {
    if (Number.isNaN(value)) return;
    if (decimal) this.ascii(value.toFixed(2));
    else if (value === (value | 0)) this.int32(value);
    else this.ascii(String(value));
  }

  /**
   * A number's text: ASCII, at most MAX_NUMBER_BYTES, within the room `full` leaves. Copied a character at a time:
   * Buffer.write crosses into C++ for each number, which cost as much again as the loop (1.4 million doubles of
   * customer_results: 0.17 s against 0.07 s).
   */
  private ascii(s: string): void {
    const buffer = this.buffer;
    let at = this.at;
    for (let k = 0; k < s.length; k++) buffer[at++] = s.charCodeAt(k);
    this.at = at;
  }

  text(s: string): void {
    // At most three bytes per UTF-16 unit.
    this.room(s.length * 3);
    this.at += this.buffer.write(s, this.at);
  }

  /** A 32-bit integer's digits, without making a string of them. */
  private int32(n: number): void {
    const buffer = this.buffer;
    if (n < 0) {
      buffer[this.at++] = MINUS;
      n = -n;
    }
    let digits = 1;
    for (let rest = n; rest >= 10; rest = (rest / 10) | 0) digits++;
    for (let k = this.at + digits - 1; k >= this.at; k--) {
      const next = (n / 10) | 0;
      buffer[k] = ZERO + n - next * 10;
      n = next;
    }
    this.at += digits;
  }

  /** A line longer than the slack left by `full` grows the buffer. */
  private room(bytes: number): void {
    if (this.at + bytes + this.slack <= this.buffer.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(2 * this.buffer.length, this.at + bytes + this.slack));
    this.buffer.copy(bigger, 0, 0, this.at);
    this.buffer = bigger;
  }
}
