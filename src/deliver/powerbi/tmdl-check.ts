import { parseTmdl, readColumnRef, type TmdlNode } from "./tmdl-parse.js";

/**
 * Reads a whole TMDL definition folder (its files by path) and checks what
 * Power BI checks when it opens the model: every relationship joins two
 * existing columns of the same data type, every sort column and every DAX
 * column or measure reference exists, the tables listed in the model are the
 * tables defined, and exactly one table is marked as the date table, keyed
 * on a date column. Returns the problems found (none: the model is sound).
 */

export interface ModelSummary {
  tables: Map<string, { node: TmdlNode; columns: Map<string, TmdlNode>; measures: Map<string, TmdlNode> }>;
  relationships: { from: { table: string; column: string }; to: { table: string; column: string } }[];
  expressions: Map<string, TmdlNode>;
  problems: string[];
}

export function checkTmdl(files: Record<string, string>): ModelSummary {
  const nodes = Object.entries(files).flatMap(([path, text]) => parseTmdl(text, path));
  const problems: string[] = [];
  const tables: ModelSummary["tables"] = new Map();
  for (const t of nodes.filter((n) => n.kind === "table")) {
    const columns = new Map(t.children.filter((c) => c.kind === "column").map((c) => [c.name!, c]));
    const measures = new Map(t.children.filter((c) => c.kind === "measure").map((c) => [c.name!, c]));
    if (tables.has(t.name!)) problems.push(`table ${t.name} is defined twice`);
    tables.set(t.name!, { node: t, columns, measures });
    for (const c of columns.values()) {
      if (!c.properties.dataType) problems.push(`${t.name}.${c.name} has no dataType`);
      const sortBy = c.properties.sortByColumn;
      if (typeof sortBy === "string" && !columns.has(sortBy.replace(/^'(.*)'$/, "$1").replace(/''/g, "'")))
        problems.push(`${t.name}.${c.name} is sorted by ${sortBy}, which is not a column of ${t.name}`);
    }
    const partitions = t.children.filter((c) => c.kind === "partition");
    if (partitions.length !== 1 || typeof partitions[0].properties.source !== "string")
      problems.push(`table ${t.name} needs one partition with a source`);
  }
  const model = nodes.find((n) => n.kind === "model");
  if (!model) problems.push("no model object");
  const refs = nodes.filter((n) => n.kind === "ref" && n.expression === "table").map((n) => n.name!);
  for (const r of refs) if (!tables.has(r)) problems.push(`model refers to table ${r}, which is not defined`);
  for (const t of tables.keys()) if (!refs.includes(t)) problems.push(`table ${t} is not listed in model.tmdl`);

  const columnOf = (ref: { table: string; column: string }) => tables.get(ref.table)?.columns.get(ref.column);
  const relationships: ModelSummary["relationships"] = [];
  for (const r of nodes.filter((n) => n.kind === "relationship")) {
    const [fromText, toText] = [r.properties.fromColumn, r.properties.toColumn];
    if (typeof fromText !== "string" || typeof toText !== "string") {
      problems.push(`relationship ${r.name} needs fromColumn and toColumn`);
      continue;
    }
    const from = readColumnRef(fromText);
    const to = readColumnRef(toText);
    relationships.push({ from, to });
    const [a, b] = [columnOf(from), columnOf(to)];
    if (!a) problems.push(`relationship ${r.name}: ${fromText} is not a column`);
    if (!b) problems.push(`relationship ${r.name}: ${toText} is not a column`);
    if (a && b && a.properties.dataType !== b.properties.dataType)
      problems.push(
        `relationship ${r.name}: ${fromText} is ${a.properties.dataType}, ${toText} is ${b.properties.dataType}`,
      );
  }

  const measureNames = new Set([...tables.values()].flatMap((t) => [...t.measures.keys()]));
  for (const [name, t] of tables)
    for (const m of t.measures.values()) {
      for (const [, table, column] of (m.expression ?? "").matchAll(/'((?:[^']|'')+)'\[((?:[^\]]|\]\])+)\]/g)) {
        const ref = { table: table.replace(/''/g, "'"), column: column.replace(/\]\]/g, "]") };
        if (!columnOf(ref))
          problems.push(`measure ${name}[${m.name}] refers to ${ref.table}[${ref.column}], which is not a column`);
      }
      // [Name] not preceded by a table reference is a measure.
      for (const [, measure] of (m.expression ?? "").matchAll(/(?<!')(?<!\w)\[((?:[^\]]|\]\])+)\]/g))
        if (!measureNames.has(measure.replace(/\]\]/g, "]")))
          problems.push(`measure ${name}[${m.name}] refers to measure [${measure}], which is not defined`);
      for (const c of t.columns.keys())
        if (c.toLowerCase() === m.name!.toLowerCase())
          problems.push(`measure ${m.name} has the name of a column of ${name}`);
    }

  const dateTables = [...tables.values()].filter((t) => t.node.properties.dataCategory === "Time");
  if (dateTables.length !== 1)
    problems.push(`expected one date table (dataCategory: Time), found ${dateTables.length}`);
  for (const t of dateTables) {
    const keys = [...t.columns.values()].filter((c) => c.properties.isKey === true);
    if (keys.length !== 1 || keys[0].properties.dataType !== "dateTime")
      problems.push(`date table ${t.node.name} needs one key column of type dateTime`);
  }
  const expressions = new Map(nodes.filter((n) => n.kind === "expression").map((n) => [n.name!, n]));
  return { tables, relationships, expressions, problems };
}
