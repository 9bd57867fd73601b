import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Database, Row } from "../db/adapter.js";
import { TABLES } from "./schema.js";
import { SUMMARIES, VIEWS } from "./warehouse.js";

/**
 * Test helpers: copies of the real extract to damage byte by byte, the
 * figures the data README promises, and a fingerprint of a whole warehouse.
 */

export const DATA_DIR = fileURLToPath(new URL("../../data/", import.meta.url));

/** The figures a correct load reproduces exactly (data README). */
export const EXTRACT_FIGURES = {
  total: 386424.23,
  orders: 196,
  customersWhoOrdered: 74,
  customers: 91,
  topCustomer: { name: "Ernst Handel", sales: 35631.21 },
  topCountry: { name: "USA", sales: 69611.75 },
  topProduct: { name: "Côte de Blaye", sales: 62976.5 },
  topEmployee: { name: "Margaret Peacock", sales: 105696.5 },
};

/** A temp folder holding a copy of data/*.csv; `dispose` removes it. */
export function copyExtract(): { dir: string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "extract-"));
  for (const name of readdirSync(DATA_DIR))
    if (name.endsWith(".csv")) copyFileSync(join(DATA_DIR, name), join(dir, name));
  return { dir, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Rewrites a file's lines as latin1 text, so every byte round-trips unchanged
 * (the extract's cp1252 letters and 0xA0 padding stay as they are). `edit`
 * gets the lines without their CRLF and returns the new ones.
 */
export function editLines(dir: string, file: string, edit: (lines: string[]) => string[]): void {
  const path = join(dir, file);
  const text = readFileSync(path).toString("latin1");
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  const lines = text.split(eol);
  const last = lines.at(-1) === "" ? lines.pop() : undefined;
  const edited = edit(lines);
  writeFileSync(path, Buffer.from(edited.join(eol) + (last === "" ? eol : ""), "latin1"));
}

/**
 * A copy of the extract less its last order line (line 518: 12 units of
 * product 28, Rössle Sauerkraut at $45.60, on order 10443 of 1997): a load of
 * it shows as $547.20 less in 1997 and 517 order lines.
 */
export function extractLessLastLine(): { dir: string; dispose: () => void } {
  const extract = copyExtract();
  editLines(extract.dir, "OrderDetails.csv", (lines) => {
    if (!/^518\xa0,10443\xa0,28\xa0,12/.test(lines.at(-1)!)) throw new Error(`unexpected last line: ${lines.at(-1)}`);
    return lines.slice(0, -1);
  });
  return extract;
}

/**
 * `warehouse --data DIR --db URL` in another process, as an operator runs it
 * (DuckDB's file lock is per process), refusing at once a file another holds
 * unless told to `wait` (seconds). Synchronous: this process's timers wait
 * until it ends.
 */
export function loadByCommand(dataDir: string, db: string, wait = "0"): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    ["--import", "tsx", "src/cli/warehouse.ts", "--data", dataDir, "--db", db, "--wait", wait],
    { encoding: "utf8" },
  );
}

/** Replaces one line (1-based, the header is 1). */
export function editLine(dir: string, file: string, line: number, edit: (text: string) => string): void {
  editLines(dir, file, (lines) => lines.map((text, i) => (i === line - 1 ? edit(text) : text)));
}

export function writeBytes(dir: string, file: string, bytes: Buffer): void {
  writeFileSync(join(dir, file), bytes);
}

export function readBytes(dir: string, file: string): Buffer {
  return readFileSync(join(dir, file));
}

export async function totalSales(db: Database): Promise<number> {
  const [row] = await db.query<{ total: number }>("SELECT SUM(sales) AS total FROM sales_lines");
  return row.total;
}

export async function figures(db: Database) {
  const [totals] = await db.query<{ total: number; orders: number; customers: number }>(
    "SELECT SUM(sales) AS total, COUNT(DISTINCT order_id) AS orders, COUNT(DISTINCT customer_id) AS customers FROM sales_lines",
  );
  const [{ n: customers }] = await db.query<{ n: number }>("SELECT COUNT(*) AS n FROM dim_customers");
  const top = async (column: string) => {
    const rows = await db.query<{ name: string; sales: number }>(
      `SELECT ${column} AS name, SUM(sales) AS sales FROM sales_lines GROUP BY ${column} ORDER BY SUM(sales) DESC`,
    );
    return rows[0];
  };
  return {
    total: totals.total,
    orders: totals.orders,
    customersWhoOrdered: totals.customers,
    customers,
    topCustomer: await top("customer_name"),
    topCountry: await top("country"),
    topProduct: await top("product_name"),
    topEmployee: await top("employee_name"),
  };
}

/** Every row of a table or view, in a canonical order. */
export async function allRows(db: Database, name: string): Promise<Row[]> {
  const rows = await db.query(`SELECT * FROM ${name}`);
  return rows.map((row) => ({ ...row })).sort((a, b) => compare(JSON.stringify(a), JSON.stringify(b)));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** A SHA-256 per table, view and summary over all rows: equal fingerprints, equal warehouses. */
export async function fingerprint(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of [...TABLES.map((t) => t.name), ...VIEWS, ...SUMMARIES])
    out[name] = createHash("sha256")
      .update(JSON.stringify(await allRows(db, name)))
      .digest("hex");
  return out;
}
