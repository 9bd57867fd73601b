import type { ColumnType, StarTable } from "./star-table.js";
import { mIdentifier, mString } from "./tmdl-names.js";

/**
 * Where each table of the semantic model reads its rows, in Power Query M:
 * the CSV files of the extract (the folder is the ExtractFolder parameter),
 * or, for a run on PostgreSQL or SQL Server, the warehouse's own views for
 * the star schema (parameters WarehouseServer and WarehouseDatabase) with the
 * calendar, the product margins and the run's results still from the files.
 */

export type ModelSource =
  /** `parquet`: the tables written as Parquet alone (longer than a worksheet), read from their .parquet file. */
  | { kind: "files"; parquet?: ReadonlySet<string> }
  | { kind: "postgres" | "sqlserver"; server: string; database: string; schema: string };

export const PARAMETERS = {
  folder: "ExtractFolder",
  server: "WarehouseServer",
  database: "WarehouseDatabase",
} as const;

/** The warehouse view behind a star table on a server, and any column the view lacks, made in M. */
const WAREHOUSE_VIEWS: Record<string, { view: string; derived?: Record<string, string> }> = {
  fact_sales: { view: "sales_lines" },
  // The same text as CONCAT in sql/analyses/powerbi/dim_customer.sql: Text.Combine skips a null as CONCAT does.
  dim_customer: { view: "dim_customers", derived: { city_key: 'Text.Combine({[city], " (", [country], ")"})' } },
  dim_employee: { view: "dim_employees" },
  dim_shipper: { view: "shippers" },
};

const M_TYPES: Record<ColumnType, string> = {
  integer: "Int64.Type",
  decimal: "Currency.Type",
  double: "type number",
  text: "type text",
  date: "type date",
  boolean: "type logical",
};

/** The M expression of a table's import partition, as lines. */
export function partitionSource(table: StarTable, source: ModelSource): string[] {
  const types = `{${table.columns.map((c) => `{${mString(c.name)}, ${M_TYPES[c.type]}}`).join(", ")}}`;
  // Every source ends the same way: the step before, typed as the star table says.
  const typed = (step: string) => [
    `    Typed = Table.TransformColumnTypes(${step}, ${types}, "en-US")`,
    "in",
    "    Typed",
  ];
  const onServer = source.kind !== "files" ? WAREHOUSE_VIEWS[table.name] : undefined;
  if (source.kind !== "files" && onServer) {
    const connect =
      source.kind === "postgres"
        ? `PostgreSQL.Database(${PARAMETERS.server}, ${PARAMETERS.database})`
        : `Sql.Database(${PARAMETERS.server}, ${PARAMETERS.database})`;
    const derived = Object.entries(onServer.derived ?? {});
    const fromView = table.columns.filter((c) => !onServer.derived?.[c.name]).map((c) => mString(c.name));
    return [
      "let",
      `    Source = ${connect},`,
      `    View = Source{[Schema = ${mString(source.schema)}, Item = ${mString(onServer.view)}]}[Data],`,
      `    Selected = Table.SelectColumns(View, {${fromView.join(", ")}}),`,
      ...derived.map(
        ([name, expression], i) =>
          `    ${mIdentifier(`Derived${i}`)} = Table.AddColumn(${i === 0 ? "Selected" : `Derived${i - 1}`}, ${mString(name)}, each ${expression}, type text),`,
      ),
      ...typed(derived.length ? `Derived${derived.length - 1}` : "Selected"),
    ];
  }
  if (source.kind === "files" && source.parquet?.has(table.name))
    return [
      "let",
      `    Source = Parquet.Document(File.Contents(${PARAMETERS.folder} & ${mString(`\\${table.name}.parquet`)})),`,
      ...typed("Source"),
    ];
  return [
    "let",
    `    Source = Csv.Document(File.Contents(${PARAMETERS.folder} & ${mString(`\\${table.name}.csv`)}), [Delimiter = ",", Columns = ${table.columns.length}, Encoding = 65001, QuoteStyle = QuoteStyle.Csv]),`,
    "    Headers = Table.PromoteHeaders(Source, [PromoteAllScalars = true]),",
    // An empty cell is a missing value (no cost, no tier), not text that fails to become a number.
    '    Blanks = Table.ReplaceValue(Headers, "", null, Replacer.ReplaceValue, Table.ColumnNames(Headers)),',
    ...typed("Blanks"),
  ];
}
