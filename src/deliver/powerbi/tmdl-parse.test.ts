import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTmdl } from "./tmdl-check.js";
import { parseTmdl, readColumnRef } from "./tmdl-parse.js";

const table = [
  "/// Orders, one row per line.",
  "table 'fact sales'",
  "",
  "\tmeasure 'Total Sales' = SUM('fact sales'[sales])",
  "\t\tformatString: #,0",
  "",
  "\tmeasure 'Sales PP' =",
  "\t\t\tVAR x = 1",
  "\t\t\tRETURN [Total Sales] * x",
  "\t\tdisplayFolder: Comparison",
  "",
  "\tcolumn sales",
  "\t\tdataType: decimal",
  "\t\tsummarizeBy: sum",
  "\t\tsourceColumn: sales",
  "",
  "\tcolumn 'it''s'",
  "\t\tdataType: string",
  "\t\tisHidden",
  "\t\tsourceColumn: its",
  "",
  "\tpartition 'fact sales' = m",
  "\t\tmode: import",
  "\t\tsource =",
  "\t\t\t\tlet",
  "\t\t\t\t    Source = 1",
  "\t\t\t\tin",
  "\t\t\t\t    Source",
  "",
].join("\n");

test("a table parses into its measures, columns and partition, names unquoted and expressions whole", () => {
  const [t] = parseTmdl(table);
  assert.equal(t.kind, "table");
  assert.equal(t.name, "fact sales");
  assert.equal(t.description, "Orders, one row per line.");
  const [m1, m2, c1, c2, p] = t.children;
  assert.deepEqual([m1.kind, m1.name, m1.expression], ["measure", "Total Sales", "SUM('fact sales'[sales])"]);
  assert.equal(m1.properties.formatString, "#,0");
  assert.equal(m2.expression, "VAR x = 1\nRETURN [Total Sales] * x");
  assert.equal(m2.properties.displayFolder, "Comparison");
  assert.deepEqual([c1.name, c1.properties.dataType, c1.properties.summarizeBy], ["sales", "decimal", "sum"]);
  assert.equal(c2.name, "it's");
  assert.equal(c2.properties.isHidden, true);
  assert.equal(p.expression, "m");
  assert.equal(p.properties.source, "let\n    Source = 1\nin\n    Source");
});

test("the parser refuses what Power BI would refuse, naming the line", () => {
  assert.throws(() => parseTmdl("table t\n    column c\n"), /model\.tmdl:2: indentation must be tabs, found a space/);
  assert.throws(
    () => parseTmdl("table t\n\t\t\tcolumn c\n", "t.tmdl"),
    /t\.tmdl:2: indented 3 levels, expected at most 1/,
  );
  assert.throws(
    () => parseTmdl("table t\n\tcolumn c\n\t\tdataType: integer\n"),
    /dataType "integer": expected one of int64/,
  );
  assert.throws(() => parseTmdl("table t\n\tcolumn c\n\t\tcolour: red\n"), /expected annotation, dataType:/);
  assert.throws(() => parseTmdl("table 'open\n"), /a name quoted with ' is not closed/);
  assert.throws(() => parseTmdl("table t\n\tmeasure m =\n\tcolumn c\n"), /an expression after '='/);
  assert.throws(() => parseTmdl("tabel t\n"), /"tabel t": expected database, model, table/);
});

test("column references read quoted parts", () => {
  assert.deepEqual(readColumnRef("'dim date'.'it''s'"), { table: "dim date", column: "it's" });
  assert.deepEqual(readColumnRef("fact_sales.order_date"), { table: "fact_sales", column: "order_date" });
  assert.throws(() => readColumnRef("fact_sales"), /expected table.column/);
});

const model = "model Model\n\tculture: en-US\n\nref table 'fact sales'\nref table dim\n";
const dim = [
  "table dim",
  "\tdataCategory: Time",
  "\tcolumn date",
  "\t\tdataType: dateTime",
  "\t\tisKey",
  "\tcolumn name",
  "\t\tdataType: string",
  "\t\tsortByColumn: rank",
  "\tpartition dim = m",
  "\t\tsource =",
  "\t\t\t\t1",
  "",
].join("\n");

test("a sound model has no problems; every broken reference is named", () => {
  const relationship = (from: string, to: string) => `relationship r1\n\tfromColumn: ${from}\n\ttoColumn: ${to}\n`;
  const sound = checkTmdl({
    "model.tmdl": model,
    "tables/fact.tmdl": table,
    "tables/dim.tmdl": dim.replace("sortByColumn: rank", "sortByColumn: date"),
    "relationships.tmdl": relationship("'fact sales'.sales", "dim.date").replace("dim.date", "'fact sales'.sales"),
  });
  assert.deepEqual(sound.problems, []);
  const broken = checkTmdl({
    "model.tmdl": model.replace("ref table dim\n", "ref table other\n"),
    "tables/fact.tmdl": table
      .replace("RETURN [Total Sales]", "RETURN [Net Sales]")
      .replace("SUM('fact sales'[sales])", "SUM('fact sales'[amount])"),
    "tables/dim.tmdl": dim,
    "relationships.tmdl":
      relationship("'fact sales'.sales", "dim.date") +
      "\n" +
      relationship("'fact sales'.sales", "dim.missing").replace("r1", "r2"),
  });
  assert.deepEqual(broken.problems.sort(), [
    "dim.name is sorted by rank, which is not a column of dim",
    "measure fact sales[Sales PP] refers to measure [Net Sales], which is not defined",
    "measure fact sales[Total Sales] refers to fact sales[amount], which is not a column",
    "model refers to table other, which is not defined",
    "relationship r1: 'fact sales'.sales is decimal, dim.date is dateTime",
    "relationship r2: dim.missing is not a column",
    "table dim is not listed in model.tmdl",
  ]);
});
