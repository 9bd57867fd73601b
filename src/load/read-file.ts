import { statSync } from "node:fs";
import iconv from "iconv-lite";
import type { SqlValue } from "../db/adapter.js";
import { linesAt } from "./encoding.js";
import { ExtractReader, type Encoding } from "./extract.js";
import { ProblemLog, type Problem } from "./problems.js";
import type { SourceTable } from "./schema.js";
import { RowValidator } from "./validate.js";

/**
 * One extract file read and checked: its valid rows in batches, ready for
 * bulkInsert, and a report of everything wrong with it. Nothing here touches
 * the database, so it runs as well in a worker thread as in-process.
 */

export interface FileSummary {
  file: string;
  table: string;
  encoding: Encoding;
  lineEnding: "CRLF" | "LF" | undefined;
  rows: number;
  /** "duckdb" when DuckDB's own CSV reader parsed and checked the file (the fast path, fast-path.ts). */
  parsedBy?: "duckdb";
}

export interface FileReport {
  summary: FileSummary;
  /** The file's first problems (up to the log's limit) and how many in all. */
  problems: Problem[];
  problemTotal: number;
  warnings: string[];
}

export interface FileRead {
  /** The valid rows: the table's columns, then the line. Drain it before `report`. */
  rows: AsyncIterable<SqlValue[][]>;
  report(): Promise<FileReport>;
  /** Stops reading early (when the database failed); safe to call after the end. */
  close(): Promise<void>;
}

export function readFile(t: SourceTable, path: string, problemLimit?: number): FileRead {
  const problems = new ProblemLog(problemLimit);
  const warnings: string[] = [];
  const reader = new ExtractReader(path);
  const summary: FileSummary = { file: t.file, table: t.name, encoding: "ascii", lineEnding: undefined, rows: 0 };
  const expected = `expected a header line (${t.columns.map((c) => c.header).join(",")}) and rows`;

  let validator: RowValidator | undefined;
  let headerChecked = false;
  const checkHeader = (header: readonly string[]) => {
    headerChecked = true;
    const separator = header.length === 1 ? [";", "\t", "|"].find((c) => header[0].includes(c)) : undefined;
    if (separator) {
      // European Excel saves "CSV" with semicolons; a tab or a bar is another tool's export.
      const name = separator === ";" ? "semicolons" : separator === "\t" ? "tabs" : "vertical bars";
      problems.add({
        file: t.file,
        line: 1,
        value: header[0].slice(0, 80),
        rule: `the fields are separated by ${name}, not commas: export it again as comma-separated CSV (in Excel: CSV UTF-8 (Comma delimited))`,
      });
      return;
    }
    const check = RowValidator.forHeader(t, header, problems);
    if (check.unknown.length)
      warnings.push(
        `${t.file}: ignoring unknown column${check.unknown.length > 1 ? "s" : ""} ${check.unknown.join(", ")}`,
      );
    validator = check.validator;
  };

  async function* rows(): AsyncGenerator<SqlValue[][]> {
    if (statSync(path).size === 0) return;
    for await (const batch of reader.batches()) {
      if (!headerChecked) checkHeader(reader.header!);
      if (!validator) return; // a file without its columns stages no rows
      const out: SqlValue[][] = [];
      for (let i = 0; i < batch.records.length; i++) {
        const row = validator.row(batch.records[i], batch.lines[i]);
        if (row) out.push(row);
      }
      summary.rows += out.length;
      yield out;
    }
  }

  async function report(): Promise<FileReport> {
    summary.encoding = reader.encoding;
    summary.lineEnding = reader.lineEnding;
    const header = reader.header ?? [];
    if (header.length === 0 || (header.length === 1 && header[0] === ""))
      problems.add({ file: t.file, rule: `file is empty: ${expected}` });
    else if (!headerChecked) checkHeader(header); // a file with no rows after its header
    if (reader.syntax) problems.add({ file: t.file, line: reader.syntax.line, rule: reader.syntax.message });
    if (reader.faultCount) await reportEncodingFaults(reader, problems);
    return { summary, problems: problems.items, problemTotal: problems.total, warnings };
  }

  const iterator = rows();
  return { rows: iterator, report, close: async () => void (await iterator.return(undefined)) };
}

async function reportEncodingFaults(reader: ExtractReader, problems: ProblemLog): Promise<void> {
  const lines = await linesAt(
    reader.path,
    reader.faults.map((f) => f.offset),
  );
  reader.faults.forEach((fault, i) => {
    const bytes = lines[i].bytes;
    const text = shorten(reader.encoding === "cp1252" ? iconv.decode(bytes, "win1252") : bytes.toString("utf8"));
    problems.add({ file: reader.file, line: lines[i].line, value: text, rule: fault.rule });
  });
  problems.uncounted(reader.faultCount - reader.faults.length);
}

function shorten(text: string): string {
  text = text.replace(/\r$/, "");
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
