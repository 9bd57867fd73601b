import { test } from "node:test";
import assert from "node:assert/strict";
import { STAR } from "../powerbi.js";
import { partitionSource } from "./m-source.js";

const table = (name: string) => STAR.find((t) => t.name === name)!;

test("from the files, a table reads its CSV in the ExtractFolder as UTF-8, empty cells as nulls, then types it", () => {
  assert.deepEqual(partitionSource(table("dim_shipper"), { kind: "files" }), [
    "let",
    '    Source = Csv.Document(File.Contents(ExtractFolder & "\\dim_shipper.csv"), [Delimiter = ",", Columns = 3, Encoding = 65001, QuoteStyle = QuoteStyle.Csv]),',
    "    Headers = Table.PromoteHeaders(Source, [PromoteAllScalars = true]),",
    '    Blanks = Table.ReplaceValue(Headers, "", null, Replacer.ReplaceValue, Table.ColumnNames(Headers)),',
    '    Typed = Table.TransformColumnTypes(Blanks, {{"shipper_id", Int64.Type}, {"shipper_name", type text}, {"phone", type text}}, "en-US")',
    "in",
    "    Typed",
  ]);
});

test("a table written as Parquet alone (longer than a worksheet) reads its Parquet file, then types it", () => {
  assert.deepEqual(partitionSource(table("dim_shipper"), { kind: "files", parquet: new Set(["dim_shipper"]) }), [
    "let",
    '    Source = Parquet.Document(File.Contents(ExtractFolder & "\\dim_shipper.parquet")),',
    '    Typed = Table.TransformColumnTypes(Source, {{"shipper_id", Int64.Type}, {"shipper_name", type text}, {"phone", type text}}, "en-US")',
    "in",
    "    Typed",
  ]);
  assert.match(partitionSource(table("dim_product"), { kind: "files", parquet: new Set(["dim_shipper"]) })[1], /Csv/);
});

test("on SQL Server the star schema reads the warehouse's views in dbo, and dim_customer makes its city_key", () => {
  const server = { kind: "sqlserver", server: "db.example.com,14330", database: "sales", schema: "dbo" } as const;
  const customer = partitionSource(table("dim_customer"), server).join("\n");
  assert.match(customer, /Source = Sql\.Database\(WarehouseServer, WarehouseDatabase\),/);
  assert.match(customer, /View = Source\{\[Schema = "dbo", Item = "dim_customers"\]\}\[Data\],/);
  assert.match(customer, /Selected = Table\.SelectColumns\(View, \{"customer_id", .*"country"\}\),/);
  assert.match(
    customer,
    /Table\.AddColumn\(Selected, "city_key", each Text\.Combine\(\{\[city\], " \(", \[country\], "\)"\}\), type text\)/,
  );
  // The calendar, the margins and the run's results are not in the warehouse: they stay on the files.
  for (const name of ["dim_date", "dim_product", "customer_results"])
    assert.match(partitionSource(table(name), server).join("\n"), /File\.Contents\(ExtractFolder/, name);
});
