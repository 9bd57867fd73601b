import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { compile } from "vega-lite";
import * as vega from "vega";
import {
  compactCurrencyExpr,
  formatCurrency,
  formatGrowth,
  formatInteger,
  formatNumber,
  formatPercent,
} from "./format.js";

describe("TypeScript formatters", () => {
  it("write money as whole dollars with grouping", () => {
    assert.equal(formatCurrency(69611.75), "$69,612");
    assert.equal(formatCurrency(0.4), "$0");
    assert.equal(formatCurrency(-2.5), "\u2212$3");
    assert.equal(formatCurrency(-1234.4), "\u2212$1,234");
  });

  it("write shares as whole percents and growth with its sign", () => {
    assert.equal(formatPercent(0.234), "23%");
    assert.equal(formatPercent(0.2346, 1), "23.5%");
    assert.equal(formatPercent(-0.001), "0%");
    assert.equal(formatGrowth(0.12), "+12%");
    assert.equal(formatGrowth(-0.08), "\u22128%");
    assert.equal(formatGrowth(0.001), "0%");
  });

  it("write counts and plain measures with grouping", () => {
    assert.equal(formatInteger(1234.4), "1,234");
    assert.equal(formatNumber(2.5), "2.5");
    assert.equal(formatNumber(-1234.56), "\u22121,234.6");
  });
});

describe("compactCurrencyExpr", () => {
  it("gives the same axis labels in Vega as `$70K` / `$1.2M` / `$500`", async () => {
    const values = [500, 70000, 1_200_000, -2500];
    const spec = compile({
      data: { values: values.map((v) => ({ v })) },
      transform: [{ calculate: compactCurrencyExpr("datum.v"), as: "label" }],
      mark: "point",
    }).spec;
    const view = new vega.View(vega.parse(spec), { renderer: "none" });
    await view.runAsync();
    const rows = view.data("data_0") as { label: string }[];
    view.finalize();
    assert.deepEqual(
      rows.map((r) => r.label),
      ["$500", "$70K", "$1.2M", "\u2212$2.5K"],
    );
  });
});
