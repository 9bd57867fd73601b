/**
 * A reader for the subset of TMDL this project writes, strict enough to catch
 * what would stop Power BI Desktop from opening the model: bad indentation,
 * an unknown object or property, a bad name quote, an unknown data type, and
 * (in checkModel) a relationship, sort column or measure reference to a
 * column that does not exist. The grammar, after Microsoft's TMDL overview
 * (learn.microsoft.com/analysis-services/tmdl/tmdl-overview):
 *
 *   file        = { description } { object }
 *   description = INDENT "///" text NEWLINE            (describes the next object)
 *   object      = INDENT keyword [ name ] [ "=" [ text ] ] NEWLINE { child }
 *   child       = property | flag | object | expression-line
 *   property    = INDENT+1 key ":" value NEWLINE
 *   flag        = INDENT+1 key NEWLINE                  (isKey, isHidden, …)
 *   expression  = the lines two levels deeper than a declaration ending in "="
 *                 (a multi-line DAX measure, a partition's M source)
 *   name        = identifier | "'" { char | "''" } "'"
 *
 * Indentation is by tabs only, one tab per level.
 */

export interface TmdlNode {
  kind: string;
  name: string | null;
  /** Text after `=` (for `partition x = m`, "m"); a multi-line expression joined by newlines. */
  expression: string | null;
  description: string | null;
  properties: Record<string, string | true>;
  children: TmdlNode[];
  line: number;
}

class TmdlSyntaxError extends Error {
  override name = "TmdlSyntaxError";
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

/** What each object may hold: its properties (value or flag) and the objects inside it. */
const GRAMMAR: Record<string, { properties: readonly string[]; objects: readonly string[]; named: boolean }> = {
  "": { properties: [], objects: ["database", "model", "table", "relationship", "expression", "ref"], named: false },
  database: { properties: ["compatibilityLevel"], objects: [], named: true },
  model: {
    properties: ["culture", "defaultPowerBIDataSourceVersion", "sourceQueryCulture", "discourageImplicitMeasures"],
    objects: ["dataAccessOptions", "annotation"],
    named: true,
  },
  dataAccessOptions: { properties: ["legacyRedirects", "returnErrorValuesAsNull"], objects: [], named: false },
  ref: { properties: [], objects: [], named: true },
  table: {
    properties: ["dataCategory", "isHidden", "lineageTag"],
    objects: ["column", "measure", "partition", "annotation"],
    named: true,
  },
  column: {
    properties: [
      "dataType",
      "isKey",
      "isHidden",
      "formatString",
      "summarizeBy",
      "sourceColumn",
      "sortByColumn",
      "lineageTag",
      "dataCategory",
    ],
    objects: ["annotation"],
    named: true,
  },
  measure: { properties: ["formatString", "displayFolder", "lineageTag"], objects: ["annotation"], named: true },
  partition: { properties: ["mode", "source"], objects: [], named: true },
  relationship: {
    properties: ["fromColumn", "toColumn", "isActive", "crossFilteringBehavior", "fromCardinality", "toCardinality"],
    objects: [],
    named: true,
  },
  expression: { properties: ["lineageTag", "queryGroup"], objects: ["annotation"], named: true },
  annotation: { properties: [], objects: [], named: true },
};

const VALUES: Record<string, readonly string[]> = {
  dataType: ["int64", "decimal", "double", "string", "dateTime", "boolean"],
  summarizeBy: ["none", "sum", "count", "min", "max", "average", "distinctCount"],
  mode: ["import", "directQuery", "dual"],
  dataCategory: ["Time", "Uncategorized"],
};

/** Reads one TMDL file into its objects. */
export function parseTmdl(text: string, file = "model.tmdl"): TmdlNode[] {
  const lines = text.split("\n");
  const root: TmdlNode = node("", null, 0);
  // stack[i] is the open object at indentation i (the root at -1).
  const stack: { node: TmdlNode; depth: number }[] = [{ node: root, depth: -1 }];
  let description: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, "");
    const n = i + 1;
    if (raw.trim() === "") continue;
    const depth = raw.length - raw.replace(/^\t*/, "").length;
    const content = raw.slice(depth);
    if (/^ /.test(content)) throw new TmdlSyntaxError(file, n, "indentation must be tabs, found a space");
    while (stack.length > 1 && stack[stack.length - 1].depth >= depth) stack.pop();
    const parent = stack[stack.length - 1];
    if (depth > parent.depth + 1)
      throw new TmdlSyntaxError(file, n, `indented ${depth} levels, expected at most ${parent.depth + 1}`);
    if (content.startsWith("///")) {
      description.push(content.slice(3).trim());
      continue;
    }
    const grammar = GRAMMAR[parent.node.kind];
    const property = /^([A-Za-z][A-Za-z0-9]*)\s*:\s*(.*)$/.exec(content);
    const declaration = /^([A-Za-z][A-Za-z0-9]*)(?:\s+(.*))?$/.exec(content);
    const keyword = (property ?? declaration)?.[1] ?? "";
    if (property && grammar.properties.includes(keyword)) {
      const value = property[2].trim();
      if (VALUES[keyword] && !VALUES[keyword].includes(value))
        throw new TmdlSyntaxError(file, n, `${keyword} "${value}": expected one of ${VALUES[keyword].join(", ")}`);
      if (value === "") throw new TmdlSyntaxError(file, n, `${keyword}: a value after the colon`);
      parent.node.properties[keyword] = value;
      continue;
    }
    if (declaration && grammar.properties.includes(keyword) && declaration[2] === undefined) {
      parent.node.properties[keyword] = true;
      continue;
    }
    // `source =` opens a multi-line expression held by the property.
    if (/^([A-Za-z]+)\s*=\s*$/.test(content) && grammar.properties.includes(content.replace(/\s*=\s*$/, ""))) {
      const { text: expression, next } = expressionLines(lines, i + 1, depth, file);
      parent.node.properties[content.replace(/\s*=\s*$/, "")] = expression;
      i = next - 1;
      continue;
    }
    if (!grammar.objects.includes(keyword))
      throw new TmdlSyntaxError(
        file,
        n,
        `"${content.slice(0, 40)}": expected ${[...grammar.objects, ...grammar.properties.map((p) => `${p}:`)].join(", ") || "nothing"} inside ${parent.node.kind || "the file"}`,
      );
    const rest = declaration?.[2] ?? "";
    const { name, after } = GRAMMAR[keyword].named ? readName(rest, file, n, keyword) : { name: null, after: rest };
    const child = node(keyword, name, n);
    child.description = description.length ? description.join(" ") : null;
    description = [];
    const assign = /^\s*=\s*(.*)$/.exec(after);
    if (assign) {
      if (assign[1].trim() !== "") child.expression = assign[1].trim();
      else {
        const { text: expression, next } = expressionLines(lines, i + 1, depth, file);
        child.expression = expression;
        i = next - 1;
      }
    } else if (after.trim() !== "" && keyword !== "ref")
      throw new TmdlSyntaxError(file, n, `unexpected "${after.trim()}" after ${keyword} ${name ?? ""}`);
    if (keyword === "ref") {
      const [target, ...more] = (rest ?? "").split(/\s+/);
      child.name = more.length ? readName(more.join(" "), file, n, target).name : null;
      child.expression = target;
    }
    parent.node.children.push(child);
    stack.push({ node: child, depth });
  }
  return root.children;
}

/** The lines of an expression: two levels deeper than its declaration at `level`, up to the first that is not. */
function expressionLines(lines: string[], from: number, level: number, file: string): { text: string; next: number } {
  const out: string[] = [];
  let i = from;
  for (; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, "");
    if (raw.trim() === "") {
      out.push("");
      continue;
    }
    const depth = raw.length - raw.replace(/^\t*/, "").length;
    if (depth <= level + 1) break;
    out.push(raw.slice(level + 2));
  }
  while (out.length && out[out.length - 1] === "") out.pop();
  if (out.length === 0) throw new TmdlSyntaxError(file, from, "an expression after '=' on the following lines");
  return { text: out.join("\n"), next: i };
}

/** A plain or single-quoted name at the start of `text`, and what follows it. */
function readName(text: string, file: string, line: number, what: string): { name: string; after: string } {
  const s = text.trimStart();
  if (s.startsWith("'")) {
    let name = "";
    for (let i = 1; i < s.length; i++) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        return { name, after: s.slice(i + 1) };
      }
      name += s[i];
    }
    throw new TmdlSyntaxError(file, line, `${what}: a name quoted with ' is not closed`);
  }
  const m = /^([A-Za-z0-9_-]+)(.*)$/.exec(s);
  if (!m) throw new TmdlSyntaxError(file, line, `${what}: expected a name, got "${s.slice(0, 30)}"`);
  return { name: m[1], after: m[2] };
}

/** `table.column`, either part quoted. */
export function readColumnRef(text: string, file = "", line = 0): { table: string; column: string } {
  const table = readName(text, file, line, "column reference");
  if (!table.after.startsWith(".")) throw new TmdlSyntaxError(file, line, `expected table.column, got "${text}"`);
  const column = readName(table.after.slice(1), file, line, "column reference");
  if (column.after.trim() !== "") throw new TmdlSyntaxError(file, line, `unexpected "${column.after}" after ${text}`);
  return { table: table.name, column: column.name };
}

function node(kind: string, name: string | null, line: number): TmdlNode {
  return { kind, name, expression: null, description: null, properties: {}, children: [], line };
}
