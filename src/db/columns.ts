import type { Database, ResultColumns, Row, SqlValue } from "./adapter.js";

/**
 * Runs one statement and returns its result by column: natively where the
 * backend reads columns (DuckDB), else by turning its rows into columns.
 * Without rows a row-reading backend cannot name the columns: a column it
 * leaves out reads as empty (`column`).
 */
export async function queryColumns(
  db: Database,
  sql: string,
  params?: Record<string, SqlValue>,
): Promise<ResultColumns> {
  if (db.queryColumns) return db.queryColumns(sql, params);
  const rows = await db.query(sql, params);
  const columns: ResultColumns["columns"] = {};
  for (const name of Object.keys(rows[0] ?? {})) columns[name] = rows.map((r) => r[name]);
  return { rows: rows.length, columns };
}

/** Column `name` of a result as values (SQL NULL as null), or an error naming what the query returned. */
export function column(result: ResultColumns, name: string): Row[string][] {
  const values = raw(result, name);
  return values instanceof Float64Array ? Array.from(values, (v) => (Number.isNaN(v) ? null : v)) : values;
}

/** A numeric column as a Float64Array; SQL NULL becomes `nullAs` (NaN by default). */
export function numbers(result: ResultColumns, name: string, nullAs = NaN): Float64Array {
  const values = raw(result, name);
  if (values instanceof Float64Array) {
    if (Number.isNaN(nullAs)) return values;
    // A loop rather than map's call per value: eight category shares of 481,250 customers took 90 ms.
    const out = new Float64Array(values.length);
    for (let i = 0; i < out.length; i++) out[i] = Number.isNaN(values[i]) ? nullAs : values[i];
    return out;
  }
  const out = new Float64Array(result.rows);
  for (let i = 0; i < out.length; i++) {
    const v = values[i];
    out[i] = v === null ? nullAs : Number(v);
  }
  return out;
}

/** The column as the backend gave it (empty when there are no rows). */
function raw(result: ResultColumns, name: string): Row[string][] | Float64Array {
  const values = result.columns[name];
  if (values) return values;
  if (result.rows === 0) return [];
  throw new Error(`The query returned no column ${name}; it returned ${Object.keys(result.columns).join(", ")}`);
}
