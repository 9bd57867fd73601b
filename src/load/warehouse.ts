import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import type { Column, Database, SqlValue } from "../db/adapter.js";
import { createTable, dropTable, dropView, renameTable } from "../db/ddl.js";
import { sqlFile } from "../db/sql.js";
import { readExtract, type ExtractHeader } from "./extract.js";
import { LoadError, ProblemLog, type Problem } from "./problems.js";
import { TABLES, type SourceTable } from "./schema.js";
import { parseValue } from "./values.js";

/**
 * Loads the extracts into the warehouse in three steps: stream every file into
 * staging tables (checking each cell on the way), check keys and foreign keys
 * in SQL, then swap staging for live in one transaction. Any problem stops the
 * load before the swap, so the previous warehouse stays exactly as it was.
 */

/** The semantic layer, created after every load, in dependency order. */
export const VIEWS = ["sales_lines", "dim_customers", "dim_products", "dim_employees", "dim_dates"] as const;

const STAGE = "stg_";
const LINE = "source_line";

export interface LoadProgress {
  file: string;
  rows: number;
  /** Rows read so far across all files. */
  totalRows: number;
  seconds: number;
}

export interface LoadOptions {
  dataDir: string;
  onProgress?: (progress: LoadProgress) => void;
  onWarning?: (message: string) => void;
}

export interface LoadSummary {
  rows: Record<string, number>;
  warnings: string[];
  seconds: number;
}

export async function loadWarehouse(db: Database, options: LoadOptions): Promise<LoadSummary> {
  const started = performance.now();
  const problems = new ProblemLog();
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    options.onWarning?.(message);
  };

  const tables = TABLES.filter((t) => {
    const path = join(options.dataDir, t.file);
    if (existsSync(path)) return true;
    if (!t.optional) problems.add({ file: t.file, rule: `file is missing from ${options.dataDir}` });
    return false;
  });
  if (!problems.empty) throw new LoadError(problems.items, problems.total);

  const rows: Record<string, number> = {};
  let totalRows = 0;
  try {
    for (const t of TABLES) {
      await db.exec(dropTable(STAGE + t.name));
      await db.exec(createTable(db.dialect, STAGE + t.name, stagingColumns(t)));
    }
    for (const t of tables) {
      rows[t.name] = await stageFile(db, t, join(options.dataDir, t.file), problems, warn, (n) =>
        options.onProgress?.({ file: t.file, rows: n, totalRows: totalRows + n, seconds: (performance.now() - started) / 1000 }),
      );
      totalRows += rows[t.name];
    }
    if (problems.empty) await checkKeys(db, tables, problems);
    if (!problems.empty) throw new LoadError(problems.items, problems.total);
    await swapIn(db);
  } finally {
    for (const t of TABLES) await db.exec(dropTable(STAGE + t.name)).catch(() => undefined);
  }
  return { rows, warnings, seconds: (performance.now() - started) / 1000 };
}

function stagingColumns(t: SourceTable): Column[] {
  return [...t.columns.map(({ name, type }) => ({ name, type })), { name: LINE, type: "integer" }];
}

async function stageFile(
  db: Database,
  t: SourceTable,
  path: string,
  problems: ProblemLog,
  warn: (message: string) => void,
  progress: (rows: number) => void,
): Promise<number> {
  if (statSync(path).size === 0) {
    problems.add({ file: t.file, rule: `file is empty: expected a header line (${t.columns.map((c) => c.header).join(",")}) and rows` });
    return 0;
  }
  // The header is checked as soon as it is read; a file without its columns stages no rows.
  let usable = false;
  let width = 0;
  let count = 0;
  const onHeader = (header: ExtractHeader) => {
    width = header.headers.length;
    usable = checkHeader(t, header, problems, warn);
  };
  const batches = async function* (): AsyncGenerator<SqlValue[][]> {
    for await (const batch of readExtract(path, { onHeader })) {
      count += batch.length;
      progress(count);
      if (!usable) continue;
      const out: SqlValue[][] = [];
      for (const record of batch) {
        const row = parseRecord(t, record.line, record.values, record.fields, width, problems);
        if (row) out.push(row);
      }
      yield out;
    }
  };
  await db.bulkInsert(STAGE + t.name, stagingColumns(t), batches());
  return count;
}

function checkHeader(t: SourceTable, header: ExtractHeader, problems: ProblemLog, warn: (m: string) => void): boolean {
  const present = new Set(header.headers.map((h) => h.toLowerCase()));
  const missing = t.columns.filter((c) => !present.has(c.header.toLowerCase()));
  for (const c of missing)
    problems.add({ file: t.file, line: 1, column: c.header, rule: `required column is missing from the header (found: ${header.headers.join(", ")})` });
  const known = new Set(t.columns.map((c) => c.header.toLowerCase()));
  const unknown = header.headers.filter((h) => !known.has(h.toLowerCase()));
  if (unknown.length) warn(`${t.file}: ignoring unknown column${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`);
  return missing.length === 0;
}

function parseRecord(
  t: SourceTable,
  line: number,
  values: Map<string, string>,
  fields: number,
  width: number,
  problems: ProblemLog,
): SqlValue[] | undefined {
  if (fields !== width) {
    problems.add({ file: t.file, line, rule: `row has ${fields} field${fields === 1 ? "" : "s"}, the header has ${width} (truncated or extra separator?)` });
    return undefined;
  }
  const row: SqlValue[] = [];
  let ok = true;
  for (const c of t.columns) {
    const text = values.get(c.header.toLowerCase()) ?? "";
    const report = (rule: string) => {
      problems.add({ file: t.file, line, column: c.header, value: text, rule });
      ok = false;
    };
    if (text.includes("\uFFFD")) report("bytes that are not valid in the file's encoding");
    const parsed = parseValue(text, c.type);
    if (!parsed.ok) report(parsed.rule);
    else if (parsed.value === null && c.required) report("value is required");
    else if (c.name === "quantity" && parsed.value !== null && (parsed.value as number) <= 0) report("Quantity must be greater than 0");
    else if (c.type === "money" && parsed.value !== null && (parsed.value as number) < 0) report(`${c.header} must not be negative`);
    row.push(parsed.ok ? parsed.value : null);
  }
  row.push(line);
  return ok ? row : undefined;
}

async function checkKeys(db: Database, tables: readonly SourceTable[], problems: ProblemLog): Promise<void> {
  const loaded = new Set(tables.map((t) => t.name));
  for (const t of tables) {
    const key = t.columns.find((c) => c.name === t.key)!;
    const duplicates = await db.query<{ key: number; line: number; first_line: number }>(
      `SELECT s.${t.key} AS key, s.${LINE} AS line, d.first_line
       FROM ${STAGE}${t.name} s
       JOIN (SELECT ${t.key}, MIN(${LINE}) AS first_line FROM ${STAGE}${t.name} GROUP BY ${t.key} HAVING COUNT(*) > 1) d
         ON d.${t.key} = s.${t.key} AND s.${LINE} > d.first_line
       ORDER BY s.${LINE}`,
    );
    for (const d of duplicates)
      problems.add({ file: t.file, line: d.line, column: key.header, value: String(d.key), rule: `duplicate key: already used on line ${d.first_line}` });

    for (const fk of t.foreignKeys) {
      if (!loaded.has(fk.table)) continue;
      const target = TABLES.find((x) => x.name === fk.table)!;
      const column = t.columns.find((c) => c.name === fk.column)!;
      const orphans = await db.query<{ value: number; line: number }>(
        `SELECT s.${fk.column} AS value, s.${LINE} AS line
         FROM ${STAGE}${t.name} s
         WHERE s.${fk.column} IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM ${STAGE}${fk.table} r WHERE r.${fk.references} = s.${fk.column})
         ORDER BY s.${LINE}`,
      );
      const refHeader = target.columns.find((c) => c.name === fk.references)!.header;
      for (const o of orphans)
        problems.add({
          file: t.file,
          line: o.line,
          column: column.header,
          value: String(o.value),
          rule: `refers to no row of ${target.file} (no ${refHeader} ${o.value})`,
        });
    }
  }
}

async function swapIn(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    for (const view of [...VIEWS].reverse()) await tx.exec(dropView(view));
    for (const t of TABLES) {
      await tx.exec(dropTable(t.name));
      await tx.exec(renameTable(tx.dialect, STAGE + t.name, t.name));
    }
    for (const view of VIEWS) await tx.exec(sqlFile(`warehouse/${view}`, tx.dialect));
  });
}

export type { Problem };
