import { test } from "node:test";
import assert from "node:assert/strict";
import { daxColumn, daxMeasure, mIdentifier, mString, tmdlColumnRef, tmdlName } from "./tmdl-names.js";

test("a plain TMDL name stays bare; any other is single-quoted with its quotes doubled", () => {
  assert.equal(tmdlName("fact_sales"), "fact_sales");
  assert.equal(tmdlName("Total Sales"), "'Total Sales'");
  assert.equal(tmdlName("O'Brien's = 1: x.y"), "'O''Brien''s = 1: x.y'");
  assert.equal(tmdlName("1st"), "'1st'");
  assert.equal(tmdlColumnRef("dim date", "date"), "'dim date'.date");
});

test("a TMDL name with a line break is refused rather than written", () => {
  assert.throws(() => tmdlName("a\nb"), /cannot hold a line break/);
});

test("DAX references quote the table and close the column's bracket safely", () => {
  assert.equal(daxColumn("fact_sales", "sales"), "'fact_sales'[sales]");
  assert.equal(daxColumn("it's", "a]b"), "'it''s'[a]]b]");
  assert.equal(daxMeasure("Sales [net]"), "[Sales [net]]]");
});

test("M text doubles its double quotes; M identifiers are quoted when not plain", () => {
  assert.equal(mString('C:\\data\\"x"'), '"C:\\data\\""x"""');
  assert.equal(mString("a#(b)\r\n\tc"), '"a#(#)(b)#(cr)#(lf)#(tab)c"');
  assert.equal(mIdentifier("Source"), "Source");
  assert.equal(mIdentifier("my step"), '#"my step"');
});
