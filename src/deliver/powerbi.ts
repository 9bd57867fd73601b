import { createWriteStream } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { stringify as stringifySync } from "csv-stringify/sync";
import type { Filters } from "../analyse/analysis.js";
import { queryInputs } from "../analyse/params.js";
import type { Period } from "../analyse/period.js";
import { assumedMargin, loadCostAssumptions } from "../config.js";
import { parameterNames, unknownDialect, type Database, type Row, type SqlValue } from "../db/adapter.js";
import { IN_PROCESS, sqlFile } from "../db/sql.js";
import { parseDbUrl } from "../db/url.js";
import { quoteIdentifier, sqlString } from "../db/quote.js";
import { BOM, cell, FORMULA_STARTS } from "./powerbi/cells.js";
import { writeColumnarCsv } from "./powerbi/columnar-csv.js";
import { DATE_TABLE, dateTable } from "./powerbi/date-table.js";
import { parseFiscalYearStart } from "./powerbi/fiscal-year.js";
import type { ModelSource } from "./powerbi/m-source.js";
import { MEASURES } from "./powerbi/measures.js";
import { PROJECT, powerBiProject } from "./powerbi/pbip.js";
import { RESULT_TABLES, resultRows } from "./powerbi/result-tables.js";
import type { ColumnarRows, ColumnType, StarTable } from "./powerbi/star-table.js";
import { col } from "./powerbi/star-table.js";
import { dataCoverage } from "../analyse/coverage.js";
import type { AnalysisResult } from "../analyse/analysis.js";

export { spreadsheetText } from "./powerbi/cells.js";
export type { StarTable } from "./powerbi/star-table.js";

/**
 * Power BI-ready extracts: a star schema (fact_sales, five dimensions, the
 * calendar) and the run's answers joined to it (result tables per customer,
 * product, country and city) as UTF-8 CSV with a BOM and ISO dates, plus
 * Parquet on DuckDB, a Power BI project (PBIP, TMDL model) that opens on them,
 * a data dictionary, and a .pbids file that opens Power BI on the same SQL
 * database. fact_sales holds the run's period and filters, so its sales add
 * up to figures.json's total; the dimensions hold every row.
 */

export const STAR: readonly StarTable[] = [
  {
    name: "fact_sales",
    kind: "fact",
    description:
      "One row per order line in the period (and filters) of the run. Sales = quantity x unit price; there are no discounts in the data.",
    columns: [
      col("order_detail_id", "integer", "Order line id (OrderDetails.csv OrderDetailID); the table's key."),
      col("order_id", "integer", "Order id; count distinct order_id for the number of orders."),
      col("order_date", "date", "Order date, ISO YYYY-MM-DD; relates to dim_date.date."),
      col("customer_id", "integer", "Relates to dim_customer.customer_id."),
      col("product_id", "integer", "Relates to dim_product.product_id."),
      col("employee_id", "integer", "Employee who took the order; relates to dim_employee.employee_id."),
      col("shipper_id", "integer", "Relates to dim_shipper.shipper_id."),
      col("quantity", "integer", "Units ordered."),
      col("unit_price", "decimal", "List price of the product (Products.csv Price), in USD."),
      col("sales", "decimal", "quantity x unit_price, in USD. Sum it for sales."),
      col(
        "cost",
        "decimal",
        "quantity x unit cost from ProductCosts.csv, in USD; empty when the data has no cost for the product.",
      ),
    ],
  },
  {
    name: "dim_customer",
    kind: "dimension",
    description: "Every customer on file, including those who never ordered.",
    columns: [
      col("customer_id", "integer", "Customer id; the table's key."),
      col("customer_name", "text", "Company name."),
      col("contact_name", "text", "Contact person."),
      col("address", "text", "Street address."),
      col("city", "text", "City (the customer's, where goods are delivered)."),
      col("postal_code", "text", "Postal code, kept as text (05021, WA1 1DP)."),
      col("country", "text", "Country (the customer's); relates to country_results.country."),
      col("city_key", "text", "City (Country), e.g. Graz (Austria); relates to city_results.city_key."),
    ],
  },
  {
    name: "dim_product",
    kind: "dimension",
    description:
      "Every product with its category and supplier, the unit cost when known and the margin assumed when it is not.",
    columns: [
      col("product_id", "integer", "Product id; the table's key."),
      col("product_name", "text", "Product name."),
      col("category_id", "integer", "Category id."),
      col("category_name", "text", "Category name (from categories.csv, else 'Category N')."),
      col("supplier_id", "integer", "Supplier id."),
      col("supplier_name", "text", "Supplier name."),
      col("supplier_country", "text", "Supplier's country."),
      col("unit", "text", "Pack size as sold."),
      col("price", "decimal", "List price in USD."),
      col("unit_cost", "decimal", "Unit cost in USD from ProductCosts.csv; empty without it."),
      col(
        "assumed_margin",
        "decimal",
        "Gross margin assumed for the product's category (share of sales, 0.3 = 30%) from cost-assumptions.json or the defaults; estimated profit = sales x assumed_margin where cost is empty.",
      ),
    ],
  },
  {
    name: "dim_employee",
    kind: "dimension",
    description: "Every employee. The data holds no territories or hire dates.",
    columns: [
      col("employee_id", "integer", "Employee id; the table's key."),
      col("employee_name", "text", "First and last name."),
      col("first_name", "text", "First name."),
      col("last_name", "text", "Last name."),
      col("birth_date", "date", "Birth date, ISO YYYY-MM-DD."),
    ],
  },
  {
    name: "dim_shipper",
    kind: "dimension",
    description: "Every shipper.",
    columns: [
      col("shipper_id", "integer", "Shipper id; the table's key."),
      col("shipper_name", "text", "Shipper name."),
      col("phone", "text", "Phone number."),
    ],
  },
  DATE_TABLE,
  ...RESULT_TABLES,
];

export interface Relationship {
  from: string;
  to: string;
  cardinality: "many-to-one";
  filter_direction: "single";
}

export const RELATIONSHIPS: readonly Relationship[] = [
  ["fact_sales.order_date", "dim_date.date"],
  ["fact_sales.customer_id", "dim_customer.customer_id"],
  ["fact_sales.product_id", "dim_product.product_id"],
  ["fact_sales.employee_id", "dim_employee.employee_id"],
  ["fact_sales.shipper_id", "dim_shipper.shipper_id"],
  ["fact_sales.customer_id", "customer_results.customer_id"],
  ["fact_sales.product_id", "product_results.product_id"],
  ["dim_customer.country", "country_results.country"],
  ["dim_customer.city_key", "city_results.city_key"],
].map(([from, to]) => ({ from, to, cardinality: "many-to-one", filter_direction: "single" }));

/** The warehouse views an analyst picks when connecting Power BI to the database itself. */
const DATABASE_EQUIVALENT: Record<string, string> = {
  fact_sales: "sales_lines (same keys and measures, plus denormalised names)",
  dim_customer: "dim_customers",
  dim_product: "dim_products (without assumed_margin)",
  dim_employee: "dim_employees",
  dim_shipper: "shippers",
  dim_date: "none: the calendar is written here (the warehouse's dim_dates spans only the months with orders)",
  customer_results: "none: the run's results (figures.json), written here",
  product_results: "none: the run's results (figures.json), written here",
  country_results: "none: the run's results (figures.json), written here",
  city_results: "none: the run's results (figures.json), written here",
};

export interface PowerBiOptions {
  /** The period fact_sales and dim_date hold; default every month with orders. */
  period?: Pick<Period, "label" | "start" | "end" | "previous">;
  filters?: Filters;
  /** Where cost-assumptions.json may be. Default "data". */
  dataDir?: string;
  /** Also write Parquet (DuckDB only, where it is one COPY). Default true. */
  parquet?: boolean;
  /** Rows per fetch when streaming from a server. */
  batchSize?: number;
  /** A table with more rows is written as Parquet alone, where Parquet is written; default SHEET_ROWS. */
  sheetRows?: number;
  /**
   * The run's results (runAnalyses): the answers per customer, product,
   * country and city come from them, so the extract shows what figures.json
   * reports. Without them the result tables are written empty.
   */
  results?: readonly Pick<AnalysisResult, "key" | "figures" | "perCustomer">[];
  /** Month 1-12 the fiscal year starts in (dim_date's fiscal columns); default SALES_FISCAL_YEAR_START, else 1. */
  fiscalYearStart?: number;
  /**
   * Where the files will be read from, when they are written elsewhere first: a run written into a hidden folder
   * and renamed into place (writeAtomically) names its final folder here. The Power BI project's ExtractFolder
   * parameter holds it; default `outDir`.
   */
  readFrom?: string;
}

export interface PowerBiManifest {
  dir: string;
  /** File names inside dir. */
  files: string[];
  /** `csv` is null for a table Parquet holds alone: more rows than a worksheet (SHEET_ROWS). */
  tables: { name: string; rows: number; csv: string | null; parquet: string | null }[];
  pbids: string | null;
}

export async function writePowerBiExtracts(
  db: Database,
  outDir: string,
  options: PowerBiOptions = {},
): Promise<PowerBiManifest> {
  const sheetRows = options.sheetRows ?? SHEET_ROWS;
  if (!Number.isSafeInteger(sheetRows) || sheetRows < 0)
    throw new RangeError(
      `writePowerBiExtracts: sheetRows must be a whole number of rows >= 0, got ${String(sheetRows)}`,
    );
  const dir = resolve(outDir);
  // Files are replaced by name; the folder is never emptied, so a user's .pbix beside them stays.
  await mkdir(dir, { recursive: true });
  const period = options.period ?? (await allMonths(db));
  const filters = options.filters ?? {};
  const { params, context } = queryInputs({ period: period as Period, filters });
  const parquet = options.parquet !== false && IN_PROCESS[db.dialect];
  const assumptions = loadCostAssumptions(options.dataDir ?? "data");
  const fiscalYearStart =
    options.fiscalYearStart ?? parseFiscalYearStart(process.env.SALES_FISCAL_YEAR_START, "SALES_FISCAL_YEAR_START");

  const written = new Map<string, PowerBiManifest["tables"][number]>();
  const parquetOf = (table: StarTable) => (parquet ? `${table.name}.parquet` : null);

  // dim_product first: a few hundred rows, and its catalogue orders product_results.
  const product = STAR.find((t) => t.name === "dim_product")!;
  const productSql = sqlFile(`analyses/powerbi/${product.name}`, db.dialect, context);
  // The assumed margin comes from the config, not the database.
  const productRows = await db.query(productSql, bind(productSql, params));
  const products = productRows.map((r) => ({
    ...r,
    assumed_margin: assumedMargin(assumptions, String(r.category_name)),
  }));
  await writeFile(join(dir, `${product.name}.csv`), toCsv(product, products));
  if (parquetOf(product))
    await parquetFromCsv(db, product, join(dir, parquetOf(product)!), (plain) =>
      writeFile(plain, toCsv(product, products, { spreadsheet: false })),
    );
  written.set(product.name, {
    name: product.name,
    rows: products.length,
    csv: `${product.name}.csv`,
    parquet: parquetOf(product),
  });

  // The calendar and the run's answers are written from columns by
  // JavaScript while the engine writes the star schema below: on two cores
  // both are busy, and half a million customers' lines (1.5 s at ten million
  // order lines) add no time of their own. Their Parquet files come after.
  const calendarRows = await calendar(db, period, fiscalYearStart);
  const answers = resultRows(
    options.results ?? [],
    productRows.map((r) => Number(r.product_id)),
  );
  const columnar = STAR.filter((t) => t.kind === "date" || t.kind === "result").map((table) => ({
    table,
    data: table.kind === "date" ? calendarRows : answers[table.name],
  }));
  const formatting = (async () => {
    const files: { table: StarTable; rows: number; csv: string | null; parquetSource: string | null }[] = [];
    for (const { table, data } of columnar) {
      const csv = `${table.name}.csv`;
      const plain = plainCsv(dir, table);
      if (parquetOf(table) && data.length > sheetRows) {
        // Longer than a worksheet: only the plain CSV the Parquet file is made from.
        await writeColumnarCsv(table, data, plain, { spreadsheet: false });
        files.push({ table, rows: data.length, csv: null, parquetSource: plain });
        continue;
      }
      const { guarded } = await writeColumnarCsv(table, data, join(dir, csv));
      // When the guard changed no cell, the CSV itself (its BOM is in the skipped header) is the Parquet's source.
      if (parquetOf(table) && guarded > 0) await writeColumnarCsv(table, data, plain, { spreadsheet: false });
      const parquetSource = parquetOf(table) ? (guarded > 0 ? plain : join(dir, csv)) : null;
      files.push({ table, rows: data.length, csv, parquetSource });
    }
    return files;
  })();
  // Awaited below; a failure meanwhile is not an unhandled rejection.
  formatting.catch(() => undefined);

  // The dimensions first, the fact table last: its COPY (a join over every order, 0.7 s at ten million lines)
  // then runs once the answers' columns are mostly written, and the two peaks of memory no longer coincide
  // (full analysis at 10M: peak 0.94-1.09 GB to 0.89-1.02 GB, the same time).
  const engineTables = [
    ...STAR.filter((t) => t.kind === "dimension" && t !== product),
    ...STAR.filter((t) => t.kind === "fact"),
  ];
  // On DuckDB the fact table's and the customers' rows need no order (their templates' `unordered`): their Parquet
  // files keep none, and writeTable sorts each CSV.
  const tableContext = db.dialect === "duckdb" ? { ...context, unordered: true } : context;
  try {
    for (const table of engineTables) {
      const pq = parquetOf(table);
      const sql = sqlFile(`analyses/powerbi/${table.name}`, db.dialect, tableContext);
      const out = await writeTable(
        db,
        table,
        sql,
        params,
        context,
        join(dir, `${table.name}.csv`),
        pq && join(dir, pq),
        options.batchSize ?? 50_000,
        sheetRows,
      );
      written.set(table.name, {
        name: table.name,
        rows: out.rows,
        csv: out.csv ? `${table.name}.csv` : null,
        parquet: pq,
      });
    }
    for (const { table, rows, csv, parquetSource } of await formatting) {
      const pq = parquetOf(table);
      if (pq && parquetSource) await copyCsvToParquet(db, table, parquetSource, join(dir, pq));
      written.set(table.name, { name: table.name, rows, csv, parquet: pq });
    }
  } finally {
    // Never left running, nor its plain CSVs behind, whether the engine's part failed or not.
    await formatting.catch(() => undefined);
    for (const { table } of columnar) await rm(plainCsv(dir, table), { force: true });
  }
  const tables = STAR.map((t) => written.get(t.name)!);

  const pbids = pbidsFor(db);
  const files = tables.flatMap((t) => [t.csv, t.parquet].filter((f) => f !== null));
  if (pbids) {
    await writeFile(join(dir, "warehouse.pbids"), JSON.stringify(pbids, null, 2) + "\n");
    files.push("warehouse.pbids");
  }
  for (const f of powerBiProject({
    tables: STAR,
    relationships: RELATIONSHIPS,
    source: modelSource(db, pbids, new Set(tables.filter((t) => t.csv === null).map((t) => t.name))),
    folder: options.readFrom === undefined ? dir : resolve(options.readFrom),
  })) {
    await mkdir(dirname(join(dir, f.path)), { recursive: true });
    await writeFile(join(dir, f.path), f.content);
    files.push(f.path);
  }
  const dictionary = dataDictionary(tables, {
    period: period.label,
    filters,
    database: db.dialect,
    pbids: pbids !== null,
    assumptions: assumptions.source,
  });
  await writeFile(join(dir, "data-dictionary.json"), JSON.stringify(dictionary, null, 2) + "\n");
  await writeFile(join(dir, "data-dictionary.md"), dictionaryMarkdown(dictionary));
  files.push("data-dictionary.json", "data-dictionary.md");
  return { dir, files, tables, pbids: pbids ? "warehouse.pbids" : null };
}

/**
 * Data rows of one Excel worksheet (1,048,576 rows, the header is one). A
 * table longer than that is written as Parquet only where Parquet is written
 * (DuckDB): a spreadsheet would open it cut short, with totals that look
 * right and are not, and the CSV of ten million order lines costs more than
 * the query that makes it (3.5 s, 650 MB). The semantic model reads such a
 * table from its Parquet file. On a server, where there is no Parquet, the CSV
 * is always written.
 */
const SHEET_ROWS = 1_048_575;

const DUCKDB_TYPES: Record<ColumnType, string> = {
  integer: "BIGINT",
  decimal: "DECIMAL(18, 2)",
  double: "DOUBLE",
  text: "VARCHAR",
  date: "DATE",
  boolean: "BOOLEAN",
};

/**
 * Parquet keeps the names as they are: DuckDB converts it from a CSV written
 * without the spreadsheet guard (and without the BOM), then removes that CSV.
 * The calendar and the result tables take the same two steps apart (see
 * writePowerBiExtracts), and convert the CSV already written when the guard
 * changed none of its cells (its BOM is in the header line, which is skipped):
 * half a million customers' answers are then written once, not twice.
 */
async function parquetFromCsv(
  db: Database,
  table: StarTable,
  path: string,
  writePlain: (plain: string) => Promise<unknown>,
): Promise<void> {
  const plain = plainCsv(dirname(path), table);
  await writePlain(plain);
  try {
    await copyCsvToParquet(db, table, plain, path);
  } finally {
    await rm(plain, { force: true });
  }
}

/** The hidden, guard-free CSV a table's Parquet file is converted from, in `dir`; removed once converted. */
function plainCsv(dir: string, table: StarTable): string {
  return join(dir, `.${table.name}.${process.pid}.plain.csv`);
}

async function copyCsvToParquet(db: Database, table: StarTable, csv: string, path: string): Promise<void> {
  await db.exec(
    `COPY (SELECT * FROM read_csv(${sqlString(csv)}, header = true, columns = ${columnTypes(table)})) TO ${sqlString(path)} (FORMAT PARQUET)`,
  );
}

/** The calendar around the data; complete months as the analyses' coverage rule says. */
async function calendar(
  db: Database,
  period: Pick<Period, "start" | "end" | "previous">,
  fiscalYearStart: number,
): Promise<ColumnarRows> {
  const [span] = await db.query<{ first_order: string | null; last_order: string | null }>(
    sqlFile("analyses/coverage", db.dialect),
  );
  const first = span?.first_order ? String(span.first_order).slice(0, 10) : period.start;
  const last = span?.last_order ? String(span.last_order).slice(0, 10) : period.start;
  const coverage = dataCoverage(period, first, last);
  return dateTable({
    first_order: first,
    last_order: last,
    complete_from: coverage.complete_from,
    complete_until: coverage.complete_until,
    period,
    fiscalYearStart,
  });
}

/**
 * A table that may hold millions of rows (the fact table, the customers)
 * never passes through memory whole: DuckDB copies it to the file itself;
 * PostgreSQL streams it through a cursor; SQL Server pages through the fact
 * table by key and reads the dimensions whole.
 */
async function writeTable(
  db: Database,
  table: StarTable,
  sql: string,
  params: Record<string, SqlValue>,
  context: object,
  path: string,
  parquetPath: string | null,
  batch: number,
  sheetRows: number,
): Promise<{ rows: number; csv: boolean }> {
  const select = sql.trim();
  if (db.dialect === "duckdb") {
    // DuckDB's COPY … TO a file; COPY answers with the number of rows it wrote.
    // With Parquet, the fact table's query runs once, into the Parquet file,
    // and the CSV is read back from it: its join over ten million lines is
    // the expensive part, the columnar file cheap to read again. A dimension's
    // query costs less than its file to read (the customers' CSV 0.30 s from
    // the table, 0.37 s from the file). Dates come out ISO (YYYY-MM-DD) by
    // default; a DATEFORMAT option would send each through strftime, 0.5 s
    // more on ten million lines for the same bytes.
    // More rows than a worksheet holds, the CSV is not written: no
    // spreadsheet could open it whole, and Power BI reads the Parquet file.
    const count = (answer: Row[]) => Number(Object.values(answer[0] ?? {})[0] ?? 0);
    if (parquetPath) {
      const rows = count(
        await db.query(`COPY (${select}) TO ${sqlString(parquetPath)} (FORMAT PARQUET)`, bind(select, params)),
      );
      if (rows > sheetRows) return { rows, csv: false };
    }
    // Every table's key is its first column, and the CSV is in key order whatever order the Parquet file has. The
    // ORDER BY is the outermost clause: one inside a subquery binds no query around it, and DuckDB wrote 481,250
    // customers' CSV with a hundred blocks of 2,048 rows out of place when the guard's CASE ran over the sorted rows.
    const fromParquet = parquetPath !== null && table.kind === "fact";
    const source = fromParquet ? `SELECT * FROM read_parquet(${sqlString(parquetPath)})` : select;
    const copied = await db.query(
      `COPY (${withBomHeader(table, spreadsheetSafeSelect(table, source))} ORDER BY 1) TO ${sqlString(path)} (FORMAT CSV, HEADER)`,
      fromParquet ? {} : bind(select, params),
    );
    return { rows: count(copied), csv: true };
  }
  let batches: AsyncIterable<Row[]>;
  const dialect = db.dialect;
  switch (dialect) {
    case "postgres":
      batches = cursorBatches(db, select, params, batch);
      break;
    case "tsql":
      if (table.kind === "fact") batches = keysetBatches(db, `analyses/powerbi/${table.name}`, params, context, batch);
      else
        batches = (async function* () {
          yield await db.query(select, bind(select, params));
        })();
      break;
    default:
      return unknownDialect(dialect);
  }
  let rows = 0;
  const source = Readable.from(
    (async function* () {
      for await (const chunk of batches) {
        rows += chunk.length;
        for (const r of chunk) yield table.columns.map((c) => cell(r[c.name], c.type));
      }
    })(),
  );
  await pipeline(
    source,
    stringify({ header: true, bom: true, columns: table.columns.map((c) => c.name) }),
    createWriteStream(path),
  );
  return { rows, csv: true };
}

async function* cursorBatches(
  db: Database,
  sql: string,
  params: Record<string, SqlValue>,
  batch: number,
): AsyncGenerator<Row[]> {
  // A cursor lives in a transaction; the generator holds it open while the file is written.
  await db.exec("BEGIN");
  try {
    await db.query(`DECLARE powerbi_rows NO SCROLL CURSOR FOR ${sql}`, bind(sql, params));
    for (;;) {
      const rows = await db.query(`FETCH ${batch} FROM powerbi_rows`);
      if (rows.length === 0) break;
      yield rows;
    }
    await db.exec("CLOSE powerbi_rows");
  } finally {
    await db.exec("COMMIT");
  }
}

/** Pages through the fact table by key: the way on SQL Server, which has no cursor through this interface. */
/** Pages through the fact table by key: SQL Server's way, as this interface gives it no cursor. */
export async function* keysetBatches(
  db: Database,
  template: string,
  params: Record<string, SqlValue>,
  context: object,
  batch: number,
): AsyncGenerator<Row[]> {
  const sql = sqlFile(template, db.dialect, { ...context, page: true });
  let after = -1;
  for (;;) {
    const rows = await db.query(sql, bind(sql, { ...params, after, page_size: batch }));
    if (rows.length === 0) break;
    yield rows;
    after = Number(rows[rows.length - 1].order_detail_id);
  }
}

/** The parameters a statement names: DuckDB refuses any other. */
function bind(sql: string, params: Record<string, SqlValue>): Record<string, SqlValue> {
  return Object.fromEntries(parameterNames(sql).map((name) => [name, params[name] ?? null]));
}

function columnTypes(table: StarTable): string {
  return `{${table.columns.map((c) => `${sqlString(c.name)}: ${sqlString(DUCKDB_TYPES[c.type])}`).join(", ")}}`;
}

/**
 * DuckDB's COPY writes no byte order mark; naming the first column with the
 * BOM in front puts the mark at the very start of the file (the header is
 * written unquoted), at no cost on a file of millions of lines.
 */
function withBomHeader(table: StarTable, select: string): string {
  const [first, ...rest] = table.columns.map((c) => quoteIdentifier(c.name, "duckdb"));
  const bomFirst = quoteIdentifier(`${BOM}${table.columns[0].name}`, "duckdb");
  return `SELECT ${[`${first} AS ${bomFirst}`, ...rest].join(", ")} FROM (${select}) bom_header`;
}

/**
 * The same guard in DuckDB's SQL, for the CSV it writes itself. The first
 * character's code point is compared, not matched by a regular expression:
 * the same cells, and a third of the time of dim_customer's CSV (481,250
 * customers, seven text columns).
 */
function spreadsheetSafeSelect(table: StarTable, select: string): string {
  const text = table.columns.filter((c) => c.type === "text");
  if (text.length === 0) return select;
  const starts = FORMULA_STARTS.map((ch) => ch.codePointAt(0)).join(", ");
  const guard = (c: string) => `CASE WHEN ascii(${c}) IN (${starts}) THEN '''' || ${c} ELSE ${c} END AS ${c}`;
  return `SELECT * REPLACE (${text.map((c) => guard(c.name)).join(", ")}) FROM (${select})`;
}

/** `spreadsheet: false` only for the CSV a Parquet file is converted from. */
function toCsv(table: StarTable, rows: Row[], options: { spreadsheet?: boolean } = {}): string {
  const guard = options.spreadsheet !== false;
  return stringifySync(
    rows.map((r) =>
      table.columns.map((c) => (c.name === "assumed_margin" ? r[c.name] : cell(r[c.name], c.type, guard))),
    ),
    { header: true, bom: guard, columns: table.columns.map((c) => c.name) },
  );
}

async function allMonths(db: Database): Promise<Pick<Period, "label" | "start" | "end" | "previous">> {
  const { resolvePeriod } = await import("../analyse/period.js");
  return resolvePeriod(db, "all");
}

/** The schema the warehouse's views are in, by dialect (the default one of each; DuckDB is never read by Power BI). */
const VIEW_SCHEMA: Record<Database["dialect"], string> = { duckdb: "main", postgres: "public", tsql: "dbo" };

/** Where the semantic model reads the star schema: the files, or the server the run read. */
function modelSource(db: Pick<Database, "dialect">, pbids: Pbids | null, parquetOnly: Set<string>): ModelSource {
  const details = pbids?.connections[0]?.details;
  if (!details) return { kind: "files", parquet: parquetOnly };
  return {
    kind: details.protocol === "postgresql" ? "postgres" : "sqlserver",
    server: details.address.server,
    database: details.address.database,
    schema: VIEW_SCHEMA[db.dialect],
  };
}

export interface Pbids {
  version: "0.1";
  connections: {
    details: { protocol: "postgresql" | "tds"; address: { server: string; database: string } };
    options: Record<string, never>;
    mode: "Import" | "DirectQuery";
  }[];
}

/**
 * A Power BI data source file for the server the warehouse lives on; null for
 * DuckDB, which Power BI cannot connect to (the CSV/Parquet files serve it).
 */
export function pbidsFor(db: Pick<Database, "dialect" | "label">): Pbids | null {
  const dialect = db.dialect;
  if (dialect === "duckdb") return null;
  const url = parseDbUrl(db.label);
  const name = url.database;
  const port = url.explicitPort ? String(url.port) : "";
  let source: { protocol: "postgresql" | "tds"; server: string; database: string };
  switch (dialect) {
    case "postgres":
      source = {
        protocol: "postgresql",
        server: `${url.host}${port ? `:${port}` : ""}`,
        database: name || "postgres",
      };
      break;
    case "tsql":
      source = {
        protocol: "tds",
        server: `${url.host}${port && port !== "1433" ? `,${port}` : ""}`,
        database: name || "master",
      };
      break;
    default:
      return unknownDialect(dialect);
  }
  const { protocol, server, database } = source;
  return {
    version: "0.1",
    connections: [{ details: { protocol, address: { server, database } }, options: {}, mode: "Import" }],
  };
}

interface DataDictionary {
  source: { period: string; filters: Filters; database: string; cost_assumptions: string };
  tables: (StarTable & { files: string[]; rows: number; database_view: string })[];
  relationships: readonly Relationship[];
  how_to_open: string[];
  /** The semantic model's DAX measures (on fact_sales). */
  measures: { name: string; dax: string; format: string; description: string }[];
  /** How text that a spreadsheet would take for a formula is written (spreadsheetText). */
  text_cells: string;
}

export const TEXT_CELLS_NOTE =
  "In the CSV files, a text cell that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe (') " +
  "so that Excel shows it as text instead of running it as a formula (CSV injection, as OWASP advises): " +
  "a customer named =1+2 appears as '=1+2. Remove the apostrophe in Power Query if you need the exact name; " +
  "the Parquet files and the database keep every value exactly as it is.";

function dataDictionary(
  written: PowerBiManifest["tables"],
  source: { period: string; filters: Filters; database: string; pbids: boolean; assumptions: string },
): DataDictionary {
  return {
    source: {
      period: source.period,
      filters: source.filters,
      database: source.database,
      cost_assumptions: source.assumptions,
    },
    tables: STAR.map((t) => {
      const w = written.find((x) => x.name === t.name)!;
      return {
        ...t,
        files: [w.csv, w.parquet].filter((f) => f !== null),
        rows: w.rows,
        database_view: DATABASE_EQUIVALENT[t.name],
      };
    }),
    relationships: RELATIONSHIPS,
    how_to_open: [
      `Open ${PROJECT}.pbip in Power BI Desktop (Windows): the semantic model (${PROJECT}.SemanticModel, TMDL) has every table below with its types, the relationships, dim_date marked as the date table and the measures listed; Refresh loads the data. ` +
        "If this folder has moved, set the ExtractFolder parameter (Transform data > Edit parameters) to its new path first.",
      "Without the project, from the files: Get data > Text/CSV (or Parquet) for each table, file origin 65001: Unicode (UTF-8); set the data types as listed below (dates are ISO YYYY-MM-DD), create the relationships listed (many-to-one, single direction) and mark dim_date as the date table on its date column.",
      source.pbids
        ? `From the database: ${PROJECT}.pbip reads the star schema from the warehouse's views (parameters WarehouseServer and WarehouseDatabase) and the calendar, product margins and the run's results from this folder; warehouse.pbids opens Power BI on the same database for a model of your own (pick the views named under 'database view').`
        : "The warehouse is a DuckDB file, which Power BI cannot open directly: use the CSV or Parquet files here. A run on PostgreSQL or SQL Server also writes a .pbids file that connects Power BI to the database.",
      "The result tables hold the run's answers (figures.json): customer_results (loyalty tier, RFM segment, cluster, predicted sales) and product_results (quadrant) relate to fact_sales; country_results and city_results to dim_customer (country, city_key).",
    ],
    measures: MEASURES.map((m) => ({
      name: m.name,
      dax: m.expression,
      format: m.formatString,
      description: m.description,
    })),
    text_cells: TEXT_CELLS_NOTE,
  };
}

/** Names the tables written as Parquet alone, and why; empty when every table has its CSV. */
function sheetNote(tables: DataDictionary["tables"]): string {
  const alone = tables.filter((t) => !t.files.some((f) => f.endsWith(".csv"))).map((t) => t.name);
  if (!alone.length) return "";
  return (
    ` Except ${alone.join(", ")}: more rows than a spreadsheet holds, so Parquet only;` +
    " the project reads it from there, and Excel would have cut it short."
  );
}

function dictionaryMarkdown(d: DataDictionary): string {
  const lines = [
    "# Power BI extract: data dictionary",
    "",
    `Period ${d.source.period}${
      Object.values(d.source.filters).some(Boolean)
        ? `, filtered to ${Object.entries(d.source.filters)
            .map(([k, v]) => `${k} ${v}`)
            .join(", ")}`
        : ""
    }; ` +
      `exported from ${d.source.database}. fact_sales holds the period's order lines, so SUM(sales) equals total_sales in figures.json; the dimensions hold every row. ` +
      `The calendar (dim_date) spans whole years around the data; the result tables hold the run's answers per customer, product, country and city. ` +
      `All files are UTF-8 CSV with a byte order mark (so Excel reads accented names), a header row and ISO dates${d.tables.some((t) => t.files.length > 1) ? ", with the same data as Parquet beside them" : ""}.` +
      sheetNote(d.tables),
    "",
    "## How to open it in Power BI",
    "",
    ...d.how_to_open.map((s) => `- ${s}`),
    "",
    "## Relationships",
    "",
    "| From (many) | To (one) | Cardinality | Filter direction |",
    "|---|---|---|---|",
    ...d.relationships.map((r) => `| ${r.from} | ${r.to} | ${r.cardinality} | ${r.filter_direction} |`),
    "",
    "## Measures (in the semantic model, on fact_sales)",
    "",
    "| Measure | DAX | Description |",
    "|---|---|---|",
    ...d.measures.map((m) => `| ${m.name} | \`${m.dax.replace(/\n/g, " ")}\` | ${m.description} |`),
    "",
    "## Text that looks like a formula",
    "",
    d.text_cells,
    "",
    "## Tables",
  ];
  for (const t of d.tables) {
    lines.push(
      "",
      `### ${t.name}`,
      "",
      `${t.description} ${t.rows.toLocaleString("en-US")} rows; files: ${t.files.join(", ")}; database view: ${t.database_view}.`,
      "",
      "| Column | Type | Description |",
      "|---|---|---|",
      ...t.columns.map((c) => `| ${c.name} | ${c.type} | ${c.description} |`),
    );
  }
  return lines.join("\n") + "\n";
}
