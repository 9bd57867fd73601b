import type { SqlValue } from "../db/adapter.js";
import type { ProblemLog } from "./problems.js";
import type { SourceColumn, SourceTable } from "./schema.js";
import { Invalid, parseCell, type Cell } from "./values.js";

/**
 * Checks an extract's rows against its table, cell by cell, before anything
 * reaches the warehouse. The header is matched once, into column positions,
 * so the per-row work is an array lookup, a trim and a parse per cell.
 */

export interface HeaderCheck {
  /** False when a required column is missing: no row of the file can be staged. */
  usable: boolean;
  /** Headers the table does not know; they are ignored. */
  unknown: string[];
}

/** Matches headers without regard to case or surrounding blanks. */
export function headerKey(header: string): string {
  return header.trim().toLowerCase();
}

const key = headerKey;

export class RowValidator {
  private readonly positions: number[];
  private readonly parsers: ((text: string) => Cell)[];
  private readonly width: number;

  private constructor(
    private readonly table: SourceTable,
    private readonly header: readonly string[],
    private readonly problems: ProblemLog,
  ) {
    const index = new Map<string, number>();
    header.forEach((h, i) => index.set(key(h), i));
    this.positions = table.columns.map((c) => index.get(key(c.header)) ?? -1);
    this.parsers = table.columns.map((c) => parseCell[c.type]);
    this.width = header.length;
  }

  /** Checks the header; a validator comes back only when rows can be read. */
  static forHeader(
    table: SourceTable,
    header: readonly string[],
    problems: ProblemLog,
  ): HeaderCheck & { validator?: RowValidator } {
    const seen = new Map<string, number>();
    header.forEach((h, i) => {
      const first = seen.get(key(h));
      if (first !== undefined)
        problems.add({
          file: table.file,
          line: 1,
          column: h,
          rule: `column appears twice in the header (fields ${first + 1} and ${i + 1})`,
        });
      else seen.set(key(h), i);
    });
    const missing = table.columns.filter((c) => !seen.has(key(c.header)));
    for (const c of missing)
      problems.add({
        file: table.file,
        line: 1,
        column: c.header,
        rule: `required column is missing from the header (found: ${header.join(", ") || "nothing"})`,
      });
    const known = new Set(table.columns.map((c) => key(c.header)));
    const unknown = header.filter((h) => !known.has(key(h)));
    const usable = missing.length === 0 && seen.size === header.length;
    return { usable, unknown, validator: usable ? new RowValidator(table, header, problems) : undefined };
  }

  /**
   * The staged row (the table's columns, then the line), or undefined when
   * the record has problems (they are logged) or is a blank line.
   */
  row(record: readonly string[], line: number): SqlValue[] | undefined {
    // A blank line, or a row of only commas as Excel writes below a table: skipped alike.
    if (record[0].trim() === "" && isBlank(record)) return undefined;
    if (record.length !== this.width) {
      const n = record.length;
      this.problems.add({
        file: this.table.file,
        line,
        value: preview(record),
        rule: `row has ${n} field${n === 1 ? "" : "s"}, the header has ${this.width} (${n < this.width ? "truncated row?" : "an unquoted comma?"})`,
      });
      return undefined;
    }
    const columns = this.table.columns;
    const row: SqlValue[] = new Array(columns.length + 1);
    let ok = true;
    for (let i = 0; i < columns.length; i++) {
      const text = record[this.positions[i]].trim();
      const cell = this.parsers[i](text);
      const rule =
        cell instanceof Invalid
          ? cell.rule
          : cell === null
            ? columns[i].required
              ? "value is required"
              : undefined
            : columns[i].check && broken(columns[i], cell as number);
      if (rule) {
        this.problems.add({ file: this.table.file, line, column: this.header[this.positions[i]], value: text, rule });
        ok = false;
      } else row[i] = cell as SqlValue;
    }
    row[columns.length] = line;
    return ok ? row : undefined;
  }
}

function broken(column: SourceColumn, value: number): string | undefined {
  if (column.check === "positive" && !(value > 0)) return `${column.header} must be greater than 0`;
  if (column.check === "non-negative" && !(value >= 0)) return `${column.header} must not be negative`;
  return undefined;
}

function isBlank(record: readonly string[]): boolean {
  return record.every((field) => field.trim() === "");
}

function preview(record: readonly string[]): string {
  const text = record.map((f) => f.trim()).join(",");
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
