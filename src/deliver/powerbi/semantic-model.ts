import { createHash } from "node:crypto";
import { MEASURES, MONEY, type Measure } from "./measures.js";
import { PARAMETERS, partitionSource, type ModelSource } from "./m-source.js";
import type { ColumnType, StarColumn, StarTable } from "./star-table.js";
import { mString, tmdlColumnRef, tmdlName } from "./tmdl-names.js";

/**
 * The semantic model as TMDL (Tabular Model Definition Language, the text
 * format of a PBIP project's `definition/` folder): one file per table with
 * its typed columns, measures and import partition; the relationships; the
 * parameters; the model and the database. Indentation is by tabs; a
 * multi-line expression (DAX, M) sits one level deeper than its object's
 * properties. Same input, same bytes: relationship names and ids are hashes.
 */

export interface TmdlFile {
  /** Path under the semantic model's `definition/` folder. */
  path: string;
  content: string;
}

interface ModelRelationship {
  /** `table.column` on the many side … */
  from: string;
  /** … and on the one side. */
  to: string;
}

export interface SemanticModelInput {
  tables: readonly StarTable[];
  relationships: readonly ModelRelationship[];
  measures?: readonly Measure[];
  source: ModelSource;
  /** The folder the CSV files are in, the ExtractFolder parameter's value (the user changes it in Power BI). */
  folder: string;
  /** The table the measures live on. */
  measureTable?: string;
}

export const TMDL_TYPES: Record<ColumnType, string> = {
  integer: "int64",
  decimal: "decimal",
  double: "double",
  text: "string",
  date: "dateTime",
  boolean: "boolean",
};

const FORMATS: Partial<Record<ColumnType, string>> = {
  integer: "0",
  decimal: MONEY,
  date: "yyyy-mm-dd",
};

/** Columns that add up: Power BI sums them when dragged onto a visual; every other is summarised by none. */
const ADDITIVE = new Set(["fact_sales.sales", "fact_sales.cost", "fact_sales.quantity"]);

export function semanticModel(input: SemanticModelInput): TmdlFile[] {
  const measureTable = input.measureTable ?? "fact_sales";
  const measures = input.measures ?? MEASURES;
  const keys = new Set(input.relationships.map((r) => r.from));
  return [
    { path: "database.tmdl", content: ["database SalesInsight", "\tcompatibilityLevel: 1567", ""].join("\n") },
    { path: "model.tmdl", content: modelFile(input.tables) },
    { path: "expressions.tmdl", content: expressionsFile(input) },
    { path: "relationships.tmdl", content: relationshipsFile(input.relationships) },
    ...input.tables.map((t) => ({
      path: `tables/${t.name}.tmdl`,
      content: tableFile(t, input.source, t.name === measureTable ? measures : [], keys),
    })),
  ];
}

function modelFile(tables: readonly StarTable[]): string {
  return [
    "model Model",
    "\tculture: en-US",
    "\tdefaultPowerBIDataSourceVersion: powerBI_V3",
    "\tsourceQueryCulture: en-US",
    "\tdataAccessOptions",
    "\t\tlegacyRedirects",
    "\t\treturnErrorValuesAsNull",
    "",
    ...tables.map((t) => `ref table ${tmdlName(t.name)}`),
    "",
  ].join("\n");
}

function expressionsFile(input: SemanticModelInput): string {
  const parameter = (name: string, value: string, description: string) => [
    `/// ${oneLine(description)}`,
    `expression ${tmdlName(name)} = ${mString(value)} meta [IsParameterQuery = true, Type = "Text", IsParameterQueryRequired = true]`,
    "",
  ];
  const lines = parameter(
    PARAMETERS.folder,
    input.folder,
    "The folder holding the extract's CSV files (this folder); change it in Transform data > Edit parameters after copying the folder.",
  );
  if (input.source.kind !== "files") {
    lines.push(
      ...parameter(
        PARAMETERS.server,
        input.source.server,
        `The ${input.source.kind === "postgres" ? "PostgreSQL" : "SQL Server"} server of the warehouse (host:port or host,port).`,
      ),
      ...parameter(PARAMETERS.database, input.source.database, "The warehouse database."),
    );
  }
  return lines.join("\n");
}

function relationshipsFile(relationships: readonly ModelRelationship[]): string {
  return relationships
    .map((r) => {
      const [fromTable, fromColumn] = split(r.from);
      const [toTable, toColumn] = split(r.to);
      return [
        `relationship ${stableId(`${r.from}->${r.to}`)}`,
        `\tfromColumn: ${tmdlColumnRef(fromTable, fromColumn)}`,
        `\ttoColumn: ${tmdlColumnRef(toTable, toColumn)}`,
        "",
      ].join("\n");
    })
    .join("\n");
}

function tableFile(table: StarTable, source: ModelSource, measures: readonly Measure[], keys: Set<string>): string {
  const lines = [`/// ${oneLine(table.description)}`, `table ${tmdlName(table.name)}`];
  // Marks the date table: Power BI's time intelligence then uses it as the calendar.
  if (table.kind === "date") lines.push("\tdataCategory: Time");
  lines.push("");
  for (const m of measures) {
    lines.push(`\t/// ${oneLine(m.description)}`);
    const dax = m.expression.split("\n");
    if (dax.length === 1) lines.push(`\tmeasure ${tmdlName(m.name)} = ${dax[0]}`);
    else lines.push(`\tmeasure ${tmdlName(m.name)} =`, ...dax.map((l) => `\t\t\t${l}`));
    lines.push(`\t\tformatString: ${m.formatString}`, `\t\tdisplayFolder: ${m.displayFolder}`, "");
  }
  for (const c of table.columns) lines.push(...columnLines(table, c, keys), "");
  lines.push(
    `\tpartition ${tmdlName(table.name)} = m`,
    "\t\tmode: import",
    "\t\tsource =",
    ...partitionSource(table, source).map((l) => `\t\t\t\t${l}`),
    "",
  );
  return lines.join("\n");
}

function columnLines(table: StarTable, c: StarColumn, keys: Set<string>): string[] {
  const lines = [
    `\t/// ${oneLine(c.description)}`,
    `\tcolumn ${tmdlName(c.name)}`,
    `\t\tdataType: ${TMDL_TYPES[c.type]}`,
  ];
  if (table.kind === "date" && c.name === "date") lines.push("\t\tisKey");
  // Keys that point at another table are for relationships, not for reading: hidden, as a BI developer would.
  if (table.kind === "fact" && keys.has(`${table.name}.${c.name}`)) lines.push("\t\tisHidden");
  const format = c.name.endsWith("_id") || c.name.endsWith("_rank") ? "0" : FORMATS[c.type];
  if (format) lines.push(`\t\tformatString: ${format}`);
  lines.push(`\t\tsummarizeBy: ${ADDITIVE.has(`${table.name}.${c.name}`) ? "sum" : "none"}`);
  lines.push(`\t\tsourceColumn: ${c.name}`);
  if (c.sortBy) lines.push(`\t\tsortByColumn: ${tmdlName(c.sortBy)}`);
  return lines;
}

/** A description on one line: `///` comments end at the line's end. */
const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ");

function split(ref: string): [string, string] {
  const dot = ref.indexOf(".");
  return [ref.slice(0, dot), ref.slice(dot + 1)];
}

/** A GUID-shaped id from a text: the same model gives the same files. */
export function stableId(text: string): string {
  const h = createHash("sha1").update(text).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
