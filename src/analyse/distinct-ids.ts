import { numbers } from "../db/columns.js";
import type { AnalysisContext, QueryRecord, QueryRunner } from "./analysis.js";

/** The smallest and largest value whole-number ids can take, for count_distinct_ids (src/db/sql.ts). */
export interface IdBounds {
  lo: number;
  hi: number;
}

/**
 * Memory the bitstrings of one query may take: one of (hi - lo + 1) bits per
 * group, and each of the engine's threads holds its own until they merge, so
 * twice this at most on two cores, against the engine's 400 MB by default. A
 * hundred million order lines (4.8 million customer ids) over 49 months: 29 MB.
 */
const BITSTRING_BUDGET = 32 * 1024 * 1024;

/**
 * The bounds of the orders' customer ids, when counting distinct customers as
 * bits is cheap: on DuckDB, and when `groups` bitstrings of the ids' span fit in
 * BITSTRING_BUDGET (sparse ids, such as 1 and 2,000,000,000, would need 250
 * MB a group). Else undefined, and the query counts with COUNT(DISTINCT).
 * `groups` is their number, or how to count them: asked on DuckDB only.
 */
export async function customerIdBounds(
  ctx: Pick<AnalysisContext, "db" | "sql">,
  groups: number | (() => Promise<number>),
): Promise<IdBounds | undefined> {
  if (ctx.db.dialect !== "duckdb") return undefined;
  const { lo, hi } = await customerIdSpan(ctx.sql);
  // Written into the SQL as numbers: whole ones only (none without customers).
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi)) return undefined;
  const count = typeof groups === "number" ? groups : await groups();
  const bytes = Math.ceil((hi - lo + 1) / 8) * Math.max(1, count);
  return bytes <= BITSTRING_BUDGET ? { lo, hi } : undefined;
}

/**
 * The orders' customer id span, read once per query runner (a run, a notebook's analysis): the history, the
 * employees, the exploration and the data quality all ask for it, and a later asker logs the same query again
 * (`reuse`), so that its figures trace to it and the appendix lists it once. NaN without orders.
 */
const spans = new WeakMap<QueryRunner, Promise<{ lo: number; hi: number; record: QueryRecord }>>();

async function customerIdSpan(sql: QueryRunner): Promise<{ lo: number; hi: number }> {
  const kept = spans.get(sql);
  if (kept) {
    const span = await kept;
    sql.reuse(span.record);
    return span;
  }
  const read = sql.recordedColumns("analyses/customer_id_span").then(({ result, record }) => ({
    lo: numbers(result, "lo")[0] ?? NaN,
    hi: numbers(result, "hi")[0] ?? NaN,
    record,
  }));
  spans.set(sql, read);
  // A read that failed is read again by the next asker.
  read.catch(() => spans.delete(sql));
  return read;
}
